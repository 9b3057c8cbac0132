import type { Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { Messages } from '../../core/i18n/messages.js';
import type { Redline } from '../../markdown/redline/redline.js';
import { insertedCore, wordDiff } from '../../markdown/redline/words.js';
import { mostMaterialFirst, type ChangeLevel } from '../../repo/versioning/classify.js';
import { TRUST_RULE } from '../../records/ledger/project-ledgers.js';
import type { ReviewedPolicy, ReviewReport } from './review.js';

/** Text safe to put in GitHub Markdown: no HTML, no formatting, no @mentions, no table breaks. */
export function md(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#!]/g, '\\$&')
    .replace(/@/g, '@\u200b');
}

/** Escaped text that starts a list item's content must not start a nested list. */
const defuseListStart = (text: string) => text.replace(/^([-+])/, '\\$1').replace(/^(\d+)\./, '$1\\.');

// A file name may hold a newline, which would end the code span and start Markdown of its own.
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
const MAX_BLOCKS = 40;

/** The report's words: `review.report.*` in the catalogue. */
class Words {
  constructor(readonly messages: Messages) {}

  t(key: string, values?: Record<string, string | number>): string {
    return this.messages.t(`review.report.${key}`, values);
  }

  level(level: ChangeLevel): string {
    return this.t(`level.${level}`);
  }
}

function versionCell(p: ReviewedPolicy, w: Words): string {
  const { from, to, bump } = p.version;
  if (p.change === 'added') return to ?? '?';
  if (p.change === 'removed') return from ?? '?';
  if (from === to) return `${from ?? '?'}${p.level === 'none' ? '' : ` ${w.t('not-bumped')}`}`;
  return `${from ?? '?'} → ${to ?? '?'}${bump && bump !== 'none' ? ` (${bump === 'downgrade' ? w.t('downgrade') : w.level(bump)})` : ''}`;
}

function verdict(p: ReviewedPolicy, w: Words): string {
  const worst = p.diagnostics.find((d) => d.severity === 'error') ?? p.diagnostics[0];
  if (!worst) return p.change === 'removed' ? '—' : '✅';
  const key = `verdict.${worst.ruleId}`;
  const what = w.messages.has(`review.report.${key}`) ? w.t(key) : worst.ruleId;
  return `${worst.severity === 'error' ? '❌' : '⚠️'} ${what}`;
}

/** A changed block as one Markdown list item with <del> and <ins>. */
function redlineItems(rl: Redline, lang: string, w: Words): string[] {
  const items = rl.changes.slice(0, MAX_BLOCKS).map(({ before, after }) => {
    const mark = /^h[1-6]$/.test((after ?? before)!.kind) ? '**§** ' : '';
    if (!before) return `- ${mark}<ins>${md(after!.text)}</ins>`;
    if (!after) return `- ${mark}<del>${md(before.text)}</del>`;
    const parts = wordDiff(before.text, after.text, lang).map((d) => {
      if (d.op === 'del') return `<del>${md(before.text.slice(...d.a))}</del>`;
      if (d.op === 'equal') return md(after.text.slice(...d.b));
      const [s, e] = insertedCore(after.text, d);
      return `${md(after.text.slice(d.b[0], s))}<ins>${md(after.text.slice(s, e))}</ins>${md(after.text.slice(e, d.b[1]))}`;
    });
    return `- ${mark}${defuseListStart(parts.join(''))}`;
  });
  if (rl.changes.length > MAX_BLOCKS) items.push(`- ${w.t('more-blocks', { n: rl.changes.length - MAX_BLOCKS })}`);
  return items;
}

function policySection(p: ReviewedPolicy, w: Words): string[] {
  const out = ['', `### ${w.t('policy', { title: md(p.title), id: code(p.id) })}: ${w.t(`change-heading.${p.change}`)}`, ''];
  const where = p.renamedFrom ? `${code(p.renamedFrom.file)} → ${code(p.file)}` : code(p.file);
  const level = p.change === 'added' || p.change === 'removed' ? ''
    : p.level === 'none' ? w.t('no-content-change') : `${w.t('classified', { level: w.level(p.level) })}${p.level === 'major' ? w.t('material') : ''}`;
  out.push(w.t('version', { where, version: versionCell(p, w), level }));
  for (const d of p.diagnostics) out.push('', w.t(d.severity === 'error' ? 'error' : 'warning', { message: md(d.message) }));
  if (p.change === 'removed') return [...out, '', w.t('removed')];
  if (p.change === 'added') out.push('', w.t('new-policy', { n: p.redline.stats.inserted }));
  if (p.reasons.length) {
    out.push('', w.t('why'), '');
    for (const r of mostMaterialFirst(p.reasons)) out.push(`- **${w.level(r.level)}** ${md(r.text)}`);
  }
  if (p.fields.length && p.change !== 'added') {
    out.push('', `| ${w.t('fields.field')} | ${w.t('fields.before')} | ${w.t('fields.after')} |`, '|---|---|---|');
    const none = w.messages.t('review.reason.none');
    for (const f of p.fields) {
      const after = f.added || f.removed ? [...(f.added ?? []).map((x) => `+${x}`), ...(f.removed ?? []).map((x) => `−${x}`)].join(', ') : f.after ?? none;
      out.push(`| ${f.field} | ${md(f.before ?? none)} | ${md(after)} |`);
    }
  }
  if (p.change !== 'added' && p.redline.changes.length) out.push('', w.t('redline'), '', ...redlineItems(p.redline, p.lang, w));
  if (p.approvers.length) {
    const who = p.approvers.map((a) => `${a.github ? `@${a.github}` : code(a.person)}${a.name ? ` (${md(a.name)})` : ''}${a.approved ? w.t('approved') : ''}`);
    out.push('', w.t('approvals', { who: who.join(', ') }));
  }
  return out;
}

const location = (d: Diagnostic) => code(`${d.file}:${d.line}:${d.column}`);

/** The review as GitHub-flavoured Markdown, fit for a PR comment or a job summary, in the catalogue's language. */
export function reviewMarkdown(report: ReviewReport, messages: Messages): string {
  const w = new Words(messages);
  const n = (kind: string) => report.policies.filter((p) => p.change === kind).length;
  const counts = (['added', 'removed', 'renamed', 'changed', 'metadata'] as const)
    .filter((k) => n(k)).map((k) => w.t(`counts.${k}`, { n: n(k) })).join(w.t('separator'));
  const { errors, warnings } = report.counts;
  const problems = [errors ? w.t('errors', { n: errors }) : '', warnings ? w.t('warnings', { n: warnings }) : ''].filter(Boolean);
  const result = problems.length ? w.t('result', { list: problems.join(w.t('separator')) }) : w.t('no-problems');
  const out = [
    `## ${w.t('title')}`,
    '',
    w.t('compared', { ref: code(report.base.ref), commit: report.base.commit.slice(0, 7), counts: counts || w.t('counts.none'), result }),
  ];
  if (report.policies.length) {
    out.push('', w.t('explain'));
    out.push('', `| ${w.t('table.policy')} | ${w.t('table.change')} | ${w.t('table.version')} | ${w.t('table.classified')} | ${w.t('table.verdict')} |`, '|---|---|---|---|---|');
    for (const p of report.policies) {
      const level = p.change === 'added' ? w.t('table.new') : p.change === 'removed' ? '—' : w.level(p.level);
      out.push(`| ${w.t('policy', { title: md(p.title), id: code(p.id) })} | ${w.t(`change.${p.change}`)} | ${versionCell(p, w)} | ${level} | ${verdict(p, w)} |`);
    }
    for (const p of report.policies) out.push(...policySection(p, w));
  }
  out.push('', `### ${w.t('coverage.title')}`, '');
  if (!report.coverage.lost.length && !report.coverage.gained.length) out.push(w.t('coverage.none'));
  for (const c of report.coverage.lost) out.push(`- ${w.t('coverage.lost', { criterion: `${c.short} ${c.id}`, title: md(c.title), by: c.by.map(code).join(', ') })}`);
  for (const c of report.coverage.gained) out.push(`- ${w.t('coverage.gained', { criterion: `${c.short} ${c.id}`, title: md(c.title), by: c.by.map(code).join(', ') })}`);
  out.push('', `### ${w.t('trust.title')}`, '');
  const trust = report.diagnostics.filter((d) => d.ruleId === TRUST_RULE);
  if (!trust.length) out.push(w.t('trust.none'));
  else out.push(w.t('trust.intro'), '');
  for (const d of trust) out.push(`- ⚠️ ${location(d)} ${md(d.message)}`);
  out.push('', `### ${w.t('checks.title')}`, '');
  const checks = report.diagnostics.filter((d) => !d.ruleId.startsWith('version-') && d.ruleId !== TRUST_RULE);
  if (!checks.length) out.push(w.t('checks.none'));
  for (const d of checks) out.push(`- ${d.severity === 'error' ? '❌' : '⚠️'} ${location(d)} ${d.ruleId}: ${md(d.message)}`);
  for (const l of report.ledgers) {
    out.push('', `### ${w.t('ledger', { file: code(l.file) })}`, '');
    for (const a of l.added) out.push(`- ${w.t('ledger-line', { line: String(a.line), text: md(a.text) })}`);
  }
  return `${out.join('\n')}\n`;
}
