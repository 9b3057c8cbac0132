import { diffWords } from 'diff';
import type { Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { Redline } from '../../markdown/redline/redline.js';
import type { ChangeLevel } from './classify.js';
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
const LEVEL: Record<ChangeLevel, string> = { major: 'MAJOR', minor: 'MINOR', patch: 'PATCH', none: 'none' };
const MAX_BLOCKS = 40;

function versionCell(p: ReviewedPolicy): string {
  const { from, to, bump } = p.version;
  if (p.change === 'added') return to ?? '?';
  if (p.change === 'removed') return from ?? '?';
  if (from === to) return `${from ?? '?'}${p.level === 'none' ? '' : ' (not bumped)'}`;
  return `${from ?? '?'} → ${to ?? '?'}${bump && bump !== 'none' ? ` (${bump === 'downgrade' ? 'downgrade' : LEVEL[bump]})` : ''}`;
}

function verdict(p: ReviewedPolicy): string {
  const worst = p.diagnostics.find((d) => d.severity === 'error') ?? p.diagnostics[0];
  if (!worst) return p.change === 'removed' ? '—' : '✅';
  const what = { 'version-not-bumped': 'version not bumped', 'version-bump-too-small': 'bump smaller than the change', 'version-downgrade': 'version goes down' }[worst.ruleId] ?? worst.ruleId;
  return `${worst.severity === 'error' ? '❌' : '⚠️'} ${what}`;
}

/** A changed block as one Markdown list item with <del> and <ins>. */
function redlineItems(rl: Redline): string[] {
  const items = rl.changes.slice(0, MAX_BLOCKS).map(({ before, after }) => {
    const mark = /^h[1-6]$/.test((after ?? before)!.kind) ? '**§** ' : '';
    if (!before) return `- ${mark}<ins>${md(after!.text)}</ins>`;
    if (!after) return `- ${mark}<del>${md(before.text)}</del>`;
    const parts = diffWords(before.text, after.text).map((d) => (d.added ? `<ins>${md(d.value)}</ins>` : d.removed ? `<del>${md(d.value)}</del>` : md(d.value)));
    return `- ${mark}${defuseListStart(parts.join(''))}`;
  });
  if (rl.changes.length > MAX_BLOCKS) items.push(`- … and ${rl.changes.length - MAX_BLOCKS} more changed blocks (see the HTML redline)`);
  return items;
}

function policySection(p: ReviewedPolicy): string[] {
  const out = ['', `### ${md(p.title)} (${code(p.id)}): ${p.change === 'metadata' ? 'frontmatter changed' : p.change}`, ''];
  const where = p.renamedFrom ? `${code(p.renamedFrom.file)} → ${code(p.file)}` : code(p.file);
  const level = p.change === 'added' || p.change === 'removed' ? '' : p.level === 'none' ? ' · no content change' : ` · classified **${LEVEL[p.level]}**${p.level === 'major' ? ' (material: staff must re-acknowledge)' : ''}`;
  out.push(`${where} · version ${versionCell(p)}${level}`);
  for (const d of p.diagnostics) out.push('', `${d.severity === 'error' ? '❌ **Error**' : '⚠️ **Warning**'}: ${md(d.message)}`);
  if (p.change === 'removed') return [...out, '', 'Removed: its approvals and acknowledgements stay in the ledgers.'];
  if (p.change === 'added') out.push('', `New policy (${p.redline.stats.inserted} words): read it in full in the diff or the HTML redline.`);
  if (p.reasons.length) {
    out.push('', 'Why:', '');
    for (const r of [...p.reasons].sort((a, b) => order(b.level) - order(a.level))) out.push(`- **${LEVEL[r.level]}** ${md(r.text)}`);
  }
  if (p.fields.length && p.change !== 'added') {
    out.push('', '| Field | Before | After |', '|---|---|---|');
    for (const f of p.fields) {
      const after = f.added || f.removed ? [...(f.added ?? []).map((x) => `+${x}`), ...(f.removed ?? []).map((x) => `−${x}`)].join(', ') : f.after ?? '(none)';
      out.push(`| ${f.field} | ${md(f.before ?? '(none)')} | ${md(after)} |`);
    }
  }
  if (p.change !== 'added' && p.redline.changes.length) out.push('', 'Redline:', '', ...redlineItems(p.redline));
  if (p.approvers.length) {
    const who = p.approvers.map((a) => `${a.github ? `@${a.github}` : code(a.person)}${a.name ? ` (${md(a.name)})` : ''}${a.approved ? ' ✅ approved' : ''}`);
    out.push('', `Approval needed from: ${who.join(', ')}`);
  }
  return out;
}

const order = (l: ChangeLevel) => ({ none: 0, patch: 1, minor: 2, major: 3 })[l];
const location = (d: Diagnostic) => code(`${d.file}:${d.line}:${d.column}`);

/** The review as GitHub-flavoured Markdown, fit for a PR comment or a job summary. */
export function reviewMarkdown(report: ReviewReport): string {
  const n = (kind: string) => report.policies.filter((p) => p.change === kind).length;
  const counts = [['added', n('added')], ['removed', n('removed')], ['renamed', n('renamed')], ['changed', n('changed')], ['with frontmatter changes', n('metadata')]]
    .filter(([, c]) => c).map(([k, c]) => `${c} ${k}`).join(', ');
  const { errors, warnings } = report.counts;
  const result = errors || warnings ? `**${[errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ')}.**` : '**No problems.**';
  const out = [
    '## Policy review',
    '',
    `Compared with ${code(report.base.ref)} (${report.base.commit.slice(0, 7)}): ${counts || 'no policy changed'}. ${result}`,
  ];
  if (report.policies.length) {
    out.push('', 'precept classifies each change from the diff: requirement words (must, shall, never, within…), numbers, time periods and the Scope and Roles sections are MAJOR (staff must re-acknowledge); other wording is MINOR; case, punctuation, spacing and spelling are PATCH. The reasons are listed so reviewers can disagree.');
    out.push('', '| Policy | Change | Version | Classified | Verdict |', '|---|---|---|---|---|');
    for (const p of report.policies) {
      const level = p.change === 'added' ? 'new' : p.change === 'removed' ? '—' : LEVEL[p.level];
      out.push(`| ${md(p.title)} (${code(p.id)}) | ${p.change === 'metadata' ? 'frontmatter' : p.change} | ${versionCell(p)} | ${level} | ${verdict(p)} |`);
    }
    for (const p of report.policies) out.push(...policySection(p));
  }
  out.push('', '### Coverage', '');
  if (!report.coverage.lost.length && !report.coverage.gained.length) out.push('No criterion in scope loses or gains its only policy or control.');
  for (const c of report.coverage.lost) out.push(`- ❌ ${c.short} ${c.id} (${md(c.title)}) loses its last policy or control (was: ${c.by.map(code).join(', ')})`);
  for (const c of report.coverage.gained) out.push(`- ✅ ${c.short} ${c.id} (${md(c.title)}) is now covered by ${c.by.map(code).join(', ')}`);
  out.push('', '### Needs separate approval', '');
  const trust = report.diagnostics.filter((d) => d.ruleId === TRUST_RULE);
  if (!trust.length) out.push("Nothing here changes who may approve, who anyone is, the ledgers' records or the portal's theme.");
  else out.push('The base decides who may approve and who anyone is, and its ledgers decide what is approved; these changes cannot vouch for themselves:', '');
  for (const d of trust) out.push(`- ⚠️ ${location(d)} ${md(d.message)}`);
  out.push('', '### Check results for changed files', '');
  const checks = report.diagnostics.filter((d) => !d.ruleId.startsWith('version-') && d.ruleId !== TRUST_RULE);
  if (!checks.length) out.push('No problems in the files this pull request changes.');
  for (const d of checks) out.push(`- ${d.severity === 'error' ? '❌' : '⚠️'} ${location(d)} ${d.ruleId}: ${md(d.message)}`);
  for (const l of report.ledgers) {
    out.push('', `### Added to ${code(l.file)} by this pull request (not counted until it merges)`, '');
    for (const a of l.added) out.push(`- line ${a.line}: ${md(a.text)}`);
  }
  return `${out.join('\n')}\n`;
}
