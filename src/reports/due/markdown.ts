import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { md } from '../review/markdown.js';
import type { DueReport, PersonDue } from './due.js';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** `precept due` as Markdown, in the catalogue's language, for a scheduled job to post as an issue or a chat message. */
export function dueMarkdown(report: DueReport, m: Messages = loadMessages('en')): string {
  const { reviews, approvals } = report;
  const { overdue, dueSoon } = report.acknowledgements;
  const days = (n: number) => m.t('due.days', { count: Math.abs(n) });
  const date = (d: string) => m.reportDate(d);
  const until = date(report.until);
  const count = (list: readonly PersonDue[]) => list.reduce((n, p) => n + p.items.length, 0);
  const ackTable = (people: readonly PersonDue[], late: boolean): string[] => {
    const rows = [m.t('due.acks-header'), '|---|---|'];
    for (const p of people) {
      const items = p.items.map((i) => `${code(i.policy)} ${i.version} (${m.t(late ? 'due.ack-late' : 'due.ack-soon', { deadline: date(i.deadline), days: days(i.daysLeft) })})`);
      rows.push(`| ${md(p.name)} (${code(p.person)}) | ${items.join(', ')} |`);
    }
    return rows;
  };
  const out = [m.t('due.title', { asOf: date(report.asOf), window: m.t('due.window', { count: report.withinDays }), until }), ''];
  const lateReviews = reviews.filter((r) => r.state === 'overdue').length;
  out.push([
    m.t('due.summary-reviews', { overdue: lateReviews, soon: reviews.length - lateReviews, until }),
    m.t('due.summary-acks', { overdue: count(overdue), soon: count(dueSoon), until }),
    m.t('due.summary-approvals', { count: approvals.length }),
  ].join(m.t('due.summary-separator')));
  for (const note of report.notes) out.push('', m.t('due.note', { note: md(note) }));
  if (reviews.length) {
    out.push('', m.t('due.reviews'), '', m.t('due.reviews-header'), '|---|---|---|---|');
    for (const r of reviews) {
      const when = r.state === 'overdue' ? m.t('due.review-overdue', { days: days(r.daysLeft) }) : r.daysLeft === 0 ? m.t('due.review-today') : m.t('due.review-due-in', { days: days(r.daysLeft) });
      out.push(`| ${md(r.title)} (${code(r.policy)} ${r.version}) | ${code(r.owner)} | ${date(r.next)} | ${when} |`);
    }
  }
  if (overdue.length) out.push('', m.t('due.acks-overdue'), '', ...ackTable(overdue, true));
  if (dueSoon.length) out.push('', m.t('due.acks-due-soon', { until }), '', ...ackTable(dueSoon, false));
  if (approvals.length) {
    out.push('', m.t('due.approvals'), '', m.t('due.approvals-header'), '|---|---|---|---|');
    for (const a of approvals) {
      const who = a.waitingFor.map((w) => `${code(w.person)}${w.state === 'missing' ? '' : ` (${m.t('due.waiting-state', { state: w.state })})`}`).join(', ');
      out.push(`| ${md(a.title)} (${code(a.policy)}) | ${a.version} | ${m.has(`due.status.${a.status}`) ? m.t(`due.status.${a.status}`) : a.status} | ${who} |`);
    }
  }
  if (!reviews.length && !overdue.length && !dueSoon.length && !approvals.length) out.push('', m.t('due.nothing'));
  return `${out.join('\n')}\n`;
}
