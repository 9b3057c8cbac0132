import stringWidth from 'string-width';
import { daysBetween } from '../../core/dates/calendar.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { csvCell } from '../../core/output/csv.js';
import type { AckRequirement } from './requirements.js';
import type { AckStatusReport, IdleReason, PolicyAckStatus } from './status.js';

/** A requirement as reports show it. */
function owed(r: AckRequirement, daysOverdue: (deadline: string) => number) {
  return {
    policy: r.policy, version: r.version, step: r.step.version, person: r.person, state: r.state, deadline: r.deadline,
    ...(r.state === 'overdue' ? { daysOverdue: daysOverdue(r.deadline) } : {}),
  };
}

/** `acks status --format json`. */
export function statusJson(report: AckStatusReport, extra: { intact: boolean; notes: string[] }): string {
  const { asOf } = report;
  // Tens of thousands of overdue items share a few deadlines.
  const late = new Map<string, number>();
  const daysOverdue = (deadline: string) => {
    let days = late.get(deadline);
    if (days === undefined) late.set(deadline, (days = daysBetween(deadline, asOf)));
    return days;
  };
  return `${JSON.stringify({
    asOf, graceDays: report.graceDays, intact: extra.intact, notes: extra.notes, totals: report.totals,
    policies: report.policies.map((p) => ({
      policy: p.policy, title: p.title, version: p.version ?? null, step: p.step ?? null, ...(p.reason ? { reason: idleText(p.reason, loadMessages('en')) } : {}),
      required: p.required, acknowledged: p.acknowledged, share: Math.round(p.share * 10000) / 10000, acknowledgedLate: p.acknowledgedLate,
      pending: p.pending.map((r) => ({ person: r.person, deadline: r.deadline })),
      overdue: p.overdue.map((r) => ({ person: r.person, deadline: r.deadline, daysOverdue: daysOverdue(r.deadline) })),
    })),
    people: report.people.map((p) => ({ person: p.person, name: p.name, email: p.email, owes: p.owes.map((r) => owed(r, daysOverdue)) })),
  }, null, 2)}\n`;
}

/** `acks status --format csv`: one row per person and policy owed, for a spreadsheet or an HR follow-up. */
export function statusCsv(report: AckStatusReport, requirements: readonly AckRequirement[], people: ReadonlyMap<string, { name: string; email: string }>): string {
  const titles = new Map(report.policies.map((p) => [p.policy, p.title]));
  const rows = [['policy', 'title', 'version', 'major_step', 'person', 'name', 'email', 'state', 'deadline', 'acknowledged_version', 'acknowledged_at', 'late'].join(',')];
  for (const r of requirements) {
    const who = people.get(r.person);
    const a = r.acknowledgement?.record;
    rows.push([r.policy, titles.get(r.policy), r.version, r.step.version, r.person, who?.name, who?.email, r.state, r.deadline, a?.version, a?.at, a ? r.late : undefined].map(csvCell).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Why a policy owes nothing, in the catalogue's words (`acks.idle.*`); JSON keeps the English. */
function idleText(reason: IdleReason, m: Messages): string {
  return reason.kind === 'upcoming'
    ? m.t('acks.idle.upcoming', { version: reason.version, date: m.reportDate(reason.from) })
    : m.t(`acks.idle.${reason.kind}`);
}

const pct = (p: PolicyAckStatus) => `${Math.floor(p.share * 100)}%`;

const padEnd = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - stringWidth(s)));
const padStart = (s: string, width: number) => ' '.repeat(Math.max(0, width - stringWidth(s))) + s;

/** `acks status` (table), in the catalogue's language: the share per policy, who is overdue and pending, and what each person owes. */
export function statusTable(report: AckStatusReport, m: Messages = loadMessages('en')): string {
  const { asOf } = report;
  const date = (d: string) => m.reportDate(d);
  const lines = [m.t('acks.title', { asOf: date(asOf), graceDays: report.graceDays }), ''];
  const head = ['policy', 'version', 'required', 'acknowledged', 'share', 'pending', 'overdue'].map((c) => m.t(`acks.col-${c}`));
  const body = report.policies.map((p) => p.version === undefined
    ? [p.policy, '-', '', '', '', '', p.reason ? idleText(p.reason, m) : '']
    : [p.policy, p.version, String(p.required), String(p.acknowledged), pct(p), String(p.pending.length), String(p.overdue.length)]);
  const widths = head.map((h, i) => Math.max(stringWidth(h), ...body.filter((r) => r[1] !== '-').map((r) => stringWidth(r[i]!))));
  const row = (cells: string[]) => cells.map((c, i) => (i < 2 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ').trimEnd();
  lines.push(row(head));
  for (const cells of body) lines.push(cells[1] === '-' ? `${padEnd(cells[0]!, widths[0]!)}  -  ${m.t('acks.idle-row', { reason: cells[6]! })}` : row(cells));
  const t = report.totals;
  lines.push('', m.t('acks.totals', { acknowledged: t.acknowledged, required: t.required, percent: t.required ? Math.floor((t.acknowledged / t.required) * 100) : 100, pending: t.pending, overdue: t.overdue }));
  const section = (title: string, pick: (p: PolicyAckStatus) => AckRequirement[], describe: (r: AckRequirement) => string) => {
    const withAny = report.policies.filter((p) => pick(p).length);
    if (!withAny.length) return;
    lines.push('', title);
    for (const p of withAny) lines.push(`  ${p.policy} ${p.version} (${pick(p).length}): ${pick(p).map(describe).join(m.t('common.list-separator'))}`);
  };
  const due = (r: AckRequirement) => m.t('acks.due', { person: r.person, deadline: date(r.deadline) });
  section(m.t('acks.overdue'), (p) => p.overdue, due);
  section(m.t('acks.pending'), (p) => p.pending, due);
  if (report.people.length) {
    lines.push('', m.t('acks.by-person'));
    // Thousands of people owe the same few policy versions by the same few days: each item is
    // formatted once.
    const items = new Map<string, string>();
    const item = (r: AckRequirement) => {
      const key = `${r.state}\u0000${r.policy}\u0000${r.version}\u0000${r.deadline}`;
      let text = items.get(key);
      if (text === undefined) {
        text = m.t(r.state === 'overdue' ? 'acks.owes-overdue' : 'acks.owes-due', { policy: r.policy, version: r.version, deadline: date(r.deadline) });
        items.set(key, text);
      }
      return text;
    };
    for (const p of report.people) lines.push(`  ${p.person} (${p.name}): ${p.owes.map(item).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}
