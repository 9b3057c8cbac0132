import { compareDates, type IsoDate } from '../../core/dates/calendar.js';
import type { Position } from '../../core/diagnostics/diagnostic.js';
import { reviewState } from '../../repo/review-schedule/schedule.js';
import { convertPandocBody, type BodyStats } from './body/convert.js';
import type { Findings } from './findings.js';
import { historySection, type PolicyDraft } from './policy-file.js';
import type { ComplyMeta } from './read-meta.js';
import type { ComplySplit } from './split.js';
import type { StandardMap } from './standards.js';
import { fillTemplateFields } from './template-fields.js';
import { parseRevisionDate } from './revision-date.js';

/** The owner every imported policy and control gets: comply has none, and check reports it until replaced. */
export const PLACEHOLDER_OWNER = 'to-be-assigned';

/** What importing documents needs from the rest of the import. */
export interface DocumentContext {
  organization: string;
  asOf: IsoDate;
  standards: StandardMap;
  findings: Findings;
}

/** Turns an offset in a body into a file position. */
export function bodyPosition(split: ComplySplit, text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line: split.bodyLine + newlines + 1, column };
}

/**
 * A comply body as GFM: template fields filled (the rest reported), pandoc constructs converted
 * (problems reported at their source lines), with the counts of what was converted.
 */
export function importBody(file: string, split: ComplySplit, ctx: DocumentContext, target?: string): { markdown: string; stats: BodyStats; filled: number } {
  const filled = fillTemplateFields(split.body, { organization: ctx.organization, locale: ctx.findings.locale });
  for (const u of filled.unfilled) {
    // check's template-tag warns about a tag kept on one line of a policy body until it is replaced.
    const expect = target !== undefined && !u.text.includes('\n') ? [{ file: target, ruleId: 'template-tag', contains: u.text.slice(0, 60) }] : [];
    ctx.findings.add(file, bodyPosition(split, split.body, u.offset), 'comply-template', ctx.findings.say('comply.template', { action: u.text, reason: u.reason }),
      { hint: ctx.findings.say('comply.template-hint'), expect });
  }
  const converted = convertPandocBody(filled.text, ctx.findings.locale);
  for (const p of converted.problems) {
    ctx.findings.add(file, { line: split.bodyLine + p.line + 1, column: p.column }, p.ruleId, p.message, p.hint === undefined ? {} : { hint: p.hint });
  }
  return { markdown: converted.markdown, stats: converted.stats, filled: filled.filled };
}

/**
 * The date to count reviews from: the latest `majorRevisions` date that reads as a calendar
 * day and is not after today. Other dates are reported and stay text in the history section.
 */
function lastRevision(file: string, meta: ComplyMeta, ctx: DocumentContext): { date: IsoDate; text: string; at: Position } | undefined {
  let best: { date: IsoDate; text: string; at: Position } | undefined;
  for (const r of meta.revisions) {
    const date = parseRevisionDate(r.date);
    if (!date) {
      ctx.findings.add(file, r.at, 'comply-date', ctx.findings.say('comply.bad-date', { date: r.date }));
    } else if (compareDates(date, ctx.asOf) > 0) {
      ctx.findings.add(file, r.at, 'comply-date', ctx.findings.say('comply.future-date', { date: r.date, today: ctx.asOf }));
    } else if (!best || compareDates(date, best.date) > 0) {
      best = { date, text: r.date, at: r.at };
    }
  }
  return best;
}

/** Metadata and body of one comply policy or narrative, as a precept policy draft. */
export function importPolicy(
  file: string,
  split: ComplySplit,
  meta: ComplyMeta,
  target: { id: string; file: string; kind: 'policy' | 'narrative' },
  ctx: DocumentContext,
): { draft: PolicyDraft; stats: BodyStats; filled: number } {
  const { findings } = ctx;
  const top: Position = meta.source.locate(['name'], 'key');
  let title = meta.name;
  if (!title) {
    title = target.id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
    findings.add(file, { line: split.yamlLine + 1, column: 1 }, 'comply-field', findings.say('comply.no-name', { title }));
  } else if (title.length > 200) {
    findings.add(file, meta.source.locate(['name']), 'comply-field', findings.say('comply.long-name'));
    title = title.slice(0, 200);
  }
  const aliases: string[] = [];
  if (meta.acronym && meta.acronym.length <= 40) aliases.push(meta.acronym);
  else if (meta.acronym) findings.add(file, meta.source.locate(['acronym']), 'comply-field', findings.say('comply.long-acronym'));
  const { criteria, dropped } = ctx.standards.criteria(file, meta.satisfies, findings);

  findings.add(file, top, 'comply-owner', findings.say('comply.policy-owner', { placeholder: PLACEHOLDER_OWNER }),
    { hint: findings.say('comply.owner-hint', { file: target.file }), expect: [{ file: target.file, ruleId: 'unknown-person', contains: 'owner: unknown person' }] });

  const last = lastRevision(file, meta, ctx);
  const state = reviewState({ review: { cycle: 'annual', ...(last ? { last: last.date } : {}) } }, ctx.asOf);
  if (state.status === 'overdue') {
    findings.add(file, last!.at, 'comply-review', findings.say('comply.overdue', { text: last!.text, date: last!.date, due: state.next }),
      { hint: findings.say('comply.overdue-hint', { file: target.file }), expect: [{ file: target.file, ruleId: 'review-overdue', contains: 'review overdue' }] });
  } else if (state.status === 'unscheduled') {
    findings.add(file, meta.revisions.length ? meta.source.locate(['majorRevisions'], 'key') : top, 'comply-review',
      findings.say('comply.no-date'),
      { hint: findings.say('comply.no-date-hint', { file: target.file }), expect: [{ file: target.file, ruleId: 'review-overdue', contains: 'no review date' }] });
  }

  const body = importBody(file, split, ctx, target.file);
  const history = historySection(meta.revisions, body.markdown);
  return {
    draft: {
      id: target.id, file: target.file, title, aliases, owner: PLACEHOLDER_OWNER,
      reviewLast: last?.date, criteria, dropped,
      // Policies bind staff; narratives describe the system to auditors.
      audience: target.kind === 'policy' ? ['all-staff'] : [],
      classification: target.kind === 'policy' ? 'internal' : 'confidential',
      body: [body.markdown, history].filter(Boolean).join('\n'),
      source: file,
    },
    stats: body.stats,
    filled: body.filled,
  };
}
