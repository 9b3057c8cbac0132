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
  const filled = fillTemplateFields(split.body, { organization: ctx.organization });
  for (const u of filled.unfilled) {
    // check's template-tag warns about a tag kept on one line of a policy body until it is replaced.
    const expect = target !== undefined && !u.text.includes('\n') ? [{ file: target, ruleId: 'template-tag', contains: u.text.slice(0, 60) }] : [];
    ctx.findings.add(file, bodyPosition(split, split.body, u.offset), 'comply-template', `${u.text}: ${u.reason}; kept as written`,
      { hint: 'replace it with the text it stood for', expect });
  }
  const converted = convertPandocBody(filled.text);
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
      ctx.findings.add(file, r.at, 'comply-date', `revision date "${r.date}" is not a calendar day precept can read; kept as written in the document history`);
    } else if (compareDates(date, ctx.asOf) > 0) {
      ctx.findings.add(file, r.at, 'comply-date', `revision date "${r.date}" is after today (${ctx.asOf}); not used as the last review`);
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
    findings.add(file, { line: split.yamlLine + 1, column: 1 }, 'comply-field', `name: missing; the title "${title}" was made from the file name`);
  } else if (title.length > 200) {
    findings.add(file, meta.source.locate(['name']), 'comply-field', 'name: longer than 200 characters; the title was cut there');
    title = title.slice(0, 200);
  }
  const aliases: string[] = [];
  if (meta.acronym && meta.acronym.length <= 40) aliases.push(meta.acronym);
  else if (meta.acronym) findings.add(file, meta.source.locate(['acronym']), 'comply-field', 'acronym: longer than 40 characters; not kept as an alias');
  const { criteria, dropped } = ctx.standards.criteria(file, meta.satisfies, findings);

  findings.add(file, top, 'comply-owner', `comply has no owners: owner is the placeholder "${PLACEHOLDER_OWNER}"`,
    { hint: `add the owner to people.yaml and set owner: in ${target.file}`, expect: [{ file: target.file, ruleId: 'unknown-person', contains: 'owner: unknown person' }] });

  const last = lastRevision(file, meta, ctx);
  const state = reviewState({ review: { cycle: 'annual', ...(last ? { last: last.date } : {}) } }, ctx.asOf);
  if (state.status === 'overdue') {
    findings.add(file, last!.at, 'comply-review', `last major revision "${last!.text}" (${last!.date}): the annual review was due ${state.next}`,
      { hint: `review the policy, then set review.last in ${target.file}`, expect: [{ file: target.file, ruleId: 'review-overdue', contains: 'review overdue' }] });
  } else if (state.status === 'unscheduled') {
    findings.add(file, meta.revisions.length ? meta.source.locate(['majorRevisions'], 'key') : top, 'comply-review',
      'no revision date precept can read: the policy has no review date',
      { hint: `set review.last in ${target.file} to the date of its last review`, expect: [{ file: target.file, ruleId: 'review-overdue', contains: 'no review date' }] });
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
