import { md } from '../review/markdown.js';
import type { DueReport, PersonDue } from './due.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const days = (n: number) => plural(Math.abs(n), 'day');

function ackTable(people: readonly PersonDue[], late: boolean): string[] {
  const rows = ['| Person | Policies |', '|---|---|'];
  for (const p of people) {
    const items = p.items.map((i) => `${code(i.policy)} ${i.version} (${late ? `due ${i.deadline}, ${days(i.daysLeft)} late` : `due ${i.deadline}, in ${days(i.daysLeft)}`})`);
    rows.push(`| ${md(p.name)} (${code(p.person)}) | ${items.join(', ')} |`);
  }
  return rows;
}

/** `precept due` as Markdown, for a scheduled job to post as an issue or a chat message. */
export function dueMarkdown(report: DueReport): string {
  const { reviews, approvals } = report;
  const { overdue, dueSoon } = report.acknowledgements;
  const count = (list: readonly PersonDue[]) => list.reduce((n, p) => n + p.items.length, 0);
  const out = [`## Due as of ${report.asOf} (next ${days(report.withinDays)}, until ${report.until})`, ''];
  const lateReviews = reviews.filter((r) => r.state === 'overdue').length;
  out.push([
    `**Reviews:** ${lateReviews} overdue, ${reviews.length - lateReviews} due by ${report.until}`,
    `**Acknowledgements:** ${count(overdue)} overdue, ${count(dueSoon)} due by ${report.until}`,
    `**Approvals:** ${plural(approvals.length, 'policy', 'policies')} missing approvals`,
  ].join(' · '));
  for (const note of report.notes) out.push('', `> Note: ${md(note)}`);
  if (reviews.length) {
    out.push('', '### Reviews', '', '| Policy | Owner | Due | |', '|---|---|---|---|');
    for (const r of reviews) {
      const when = r.state === 'overdue' ? `**overdue** by ${days(r.daysLeft)}` : r.daysLeft === 0 ? 'due today' : `due in ${days(r.daysLeft)}`;
      out.push(`| ${md(r.title)} (${code(r.policy)} ${r.version}) | ${code(r.owner)} | ${r.next} | ${when} |`);
    }
  }
  if (overdue.length) out.push('', '### Acknowledgements overdue', '', ...ackTable(overdue, true));
  if (dueSoon.length) out.push('', `### Acknowledgements due by ${report.until}`, '', ...ackTable(dueSoon, false));
  if (approvals.length) {
    out.push('', '### Approvals missing', '', '| Policy | Version | Status | Waiting for |', '|---|---|---|---|');
    for (const a of approvals) {
      const who = a.waitingFor.map((w) => `${code(w.person)}${w.state === 'missing' ? '' : ` (${w.state})`}`).join(', ');
      out.push(`| ${md(a.title)} (${code(a.policy)}) | ${a.version} | ${a.status} | ${who} |`);
    }
  }
  if (!reviews.length && !overdue.length && !dueSoon.length && !approvals.length) out.push('', 'Nothing is due.');
  return `${out.join('\n')}\n`;
}
