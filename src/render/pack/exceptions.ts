import { addDays, daysBetween, isIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import type { Messages } from '../../core/i18n/messages.js';
import { notInForce, spansMeeting, spansOf } from '../../history/timeline/in-force.js';
import type { PolicyTimeline } from '../../history/timeline/model.js';
import type { AckPeriodReport } from '../../records/acks/period.js';
import type { AckRequirement } from '../../records/acks/requirements.js';
import { reviewState } from '../../repo/review-schedule/schedule.js';
import { approvalGaps, decisionsOn } from './approvals.js';
import { clip, gaps, lastDayOf, periodRange, type DayRange } from './days.js';
import type { Period } from './period.js';
import type { PackRecords } from './records.js';
import type { VersionInForce } from './versions.js';

/** One finding an auditor would ask about, over the days of the period it concerns. */
export interface PackFinding {
  policy: string;
  title: string;
  version: string | undefined;
  /** First and last day it concerns (inclusive), and how many days. */
  from: IsoDate;
  to: IsoDate;
  days: number;
  /** It lasts to the end of the period (and may go on after it). */
  open: boolean;
  detail: string;
}

/** A group of findings; `available` is false when the records it needs do not exist. */
export interface FindingGroup {
  available: boolean;
  items: PackFinding[];
}

/** The exceptions section. */
export interface PackExceptions {
  notInForce: FindingGroup;
  approvals: FindingGroup;
  reviews: FindingGroup;
  acknowledgements: FindingGroup;
  total: number;
}

/** What the findings are computed from. */
export interface ExceptionInputs {
  period: Period;
  /** The policies of the programme during the period: every timeline that matters (see policiesInScope). */
  timelines: readonly PolicyTimeline[];
  versions: readonly VersionInForce[];
  records: PackRecords;
  acknowledgements: AckPeriodReport | undefined;
  messages: Messages;
  name: (person: string) => string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function finding(policy: { policy: string; title: string }, version: string | undefined, range: DayRange, period: Period, detail: string): PackFinding {
  const end = addDays(period.to, 1);
  return {
    policy: policy.policy, title: policy.title, version, from: range.from, to: lastDayOf(range), days: daysBetween(range.from, range.until),
    open: range.until >= end, detail,
  };
}

/**
 * The policies an auditor expects in force during the period: those in the repository at its end
 * and those in force on any of its days; a policy retired or removed before the period began, and
 * never in force during it, is not among them.
 */
export function policiesInScope(timelines: ReadonlyMap<string, PolicyTimeline>, atPeriodEnd: ReadonlySet<string>, period: Period): PolicyTimeline[] {
  const out: PolicyTimeline[] = [];
  for (const t of timelines.values()) {
    if (spansMeeting(t, period.from, period.to).length) {
      out.push(t);
      continue;
    }
    if (!atPeriodEnd.has(t.policy)) continue;
    const why = notInForce(t, period.from);
    if (why && (why.reason === 'retired' || why.reason === 'removed')) continue;
    out.push(t);
  }
  return out.sort((a, b) => a.title.localeCompare(b.title, 'en') || (a.policy < b.policy ? -1 : 1));
}

/** Days of the period on which no approved version of a policy was in force, and why. */
function notInForceFindings(t: PolicyTimeline, period: Period, m: Messages): PackFinding[] {
  const within = periodRange(period);
  const covered = spansOf(t).map((s) => clip(s.from, s.until, within)).filter((r): r is DayRange => r !== undefined);
  return gaps(covered, within).map((gap) => {
    const why = notInForce(t, gap.from)!;
    const next = why.next ? { version: t.versions[why.next.index]!.version, date: m.date(why.next.from) } : undefined;
    let detail: string;
    if (why.reason === 'not-yet') {
      detail = next ? m.t('pack.exceptions.not-in-force.before-first', next)
        : m.t('pack.exceptions.not-in-force.never', { status: t.versions[t.versions.length - 1]?.status ?? '' });
    } else if (why.reason === 'between') {
      detail = next ? m.t('pack.exceptions.not-in-force.between', { since: m.date(why.since), ...next }) : m.t('pack.exceptions.not-in-force.lapsed', { since: m.date(why.since) });
    } else {
      detail = m.t(`pack.exceptions.not-in-force.${why.reason}`, { since: m.date(why.since), next: next?.version ?? '', date: next?.date ?? '' });
    }
    return finding(t, undefined, gap, period, detail);
  });
}

/** The next review date a revision's frontmatter sets (review.last or effective, plus the cycle). */
function dueDate(meta: Readonly<Record<string, unknown>>): IsoDate | undefined {
  const review = (meta['review'] && typeof meta['review'] === 'object' ? meta['review'] : {}) as Record<string, unknown>;
  const cycle = review['cycle'];
  if (typeof cycle !== 'string') return undefined;
  const last = isIsoDate(review['last']) ? review['last'] : undefined;
  const effective = isIsoDate(meta['effective']) ? meta['effective'] : undefined;
  return reviewState({ review: { cycle, ...(last ? { last } : {}) }, ...(effective ? { effective } : {}) }, '1970-01-01').next;
}

/**
 * Spans of the period in which a version in force was past its review date: the schedule on each
 * day comes from the latest approved revision committed by then (recording a review moves it).
 */
export function overdueSpans(v: VersionInForce, period: Period): { due: IsoDate; from: IsoDate; until: IsoDate }[] {
  const spans: { due: IsoDate; from: IsoDate; until: IsoDate }[] = [];
  for (const window of v.spans.map((s) => clip(s.from, s.until, periodRange(period))).filter((r): r is DayRange => r !== undefined)) {
    const cuts = [window.from, ...v.revisions.map((r) => r.date).filter((d) => d > window.from && d < window.until)];
    const unique = [...new Set(cuts)].sort();
    unique.forEach((start, i) => {
      const end = unique[i + 1] ?? window.until;
      const meta = [...v.revisions].reverse().find((r) => r.date <= start)?.meta ?? v.revisions[0]?.meta ?? v.meta;
      const due = dueDate(meta);
      if (!due) return;
      const overdueFrom = addDays(due, 1);
      if (overdueFrom >= end) return;
      const from = overdueFrom > start ? overdueFrom : start;
      const prev = spans[spans.length - 1];
      if (prev && prev.until === from && prev.due === due) prev.until = end;
      else spans.push({ due, from, until: end });
    });
  }
  return spans;
}

/** Approval findings of one version: days in force without every approval, and decisions that do not count. */
function approvalFindings(v: VersionInForce, inputs: ExceptionInputs): PackFinding[] {
  const { period, messages: m, name } = inputs;
  const within = periodRange(period);
  const policy = { policy: v.id, title: v.title };
  const inForce = v.spans.map((s) => clip(s.from, s.until, within)).filter((r): r is DayRange => r !== undefined);
  if (!strings(v.meta['approvers']).length) {
    return inForce.map((r) => finding(policy, v.version, r, period, m.t('pack.exceptions.approval.no-approvers')));
  }
  const approvals = inputs.records.approvals ?? [];
  const out: PackFinding[] = [];
  for (const gap of approvalGaps(v, approvals, within)) {
    const who = gap.missing.map((x) => {
      if (x.rejected && (!x.approved || x.rejected.at > x.approved.at)) return m.t('pack.exceptions.approval.rejected', { name: name(x.approver), date: m.date(x.rejected.at.slice(0, 10)) });
      if (!x.approved) return m.t('pack.exceptions.approval.never', { name: name(x.approver) });
      const day = x.approved.at.slice(0, 10);
      return m.t(day > period.to ? 'pack.exceptions.approval.after' : 'pack.exceptions.approval.on', { name: name(x.approver), date: m.date(day) });
    });
    out.push(finding(policy, v.version, gap, period, m.t('pack.exceptions.approval.missing', { who: m.list(who) })));
  }
  const hashes = new Set(v.revisions.map((r) => r.contentHash));
  for (const a of decisionsOn(v, approvals)) {
    if (a.contentHash === undefined || hashes.has(a.contentHash) || !inForce[0]) continue;
    out.push(finding(policy, v.version, inForce[0], period, m.t('pack.exceptions.approval.other-text', { name: name(a.approver), date: m.date(a.at.slice(0, 10)) })));
  }
  return out;
}

/** People who did not acknowledge a series by their deadline: late, or still missing. */
function ackFindings(inputs: ExceptionInputs, report: AckPeriodReport): PackFinding[] {
  const { period, messages: m, name } = inputs;
  const within = periodRange(period);
  const out: PackFinding[] = [];
  for (const p of report.policies) {
    const bySeries = new Map<string, AckRequirement[]>();
    for (const r of p.requirements) if (r.state !== 'lapsed') bySeries.set(r.step.version, [...(bySeries.get(r.step.version) ?? []), r]);
    for (const s of p.series) {
      const owed = bySeries.get(s.version) ?? [];
      const late = owed.filter((r) => r.state === 'acknowledged' && r.late);
      const missing = owed.filter((r) => r.state === 'overdue');
      if (!late.length && !missing.length) continue;
      const names = (list: AckRequirement[], limit = 12) => {
        const shown = list.slice(0, limit).map((r) => name(r.person));
        return list.length > limit ? m.t('pack.exceptions.ack.more', { names: shown.join(', '), n: list.length - limit }) : m.list(shown);
      };
      const parts = [m.t('pack.exceptions.ack.summary', { missed: late.length + missing.length, required: owed.length, series: s.version })];
      if (late.length) parts.push(m.t('pack.exceptions.ack.late', { names: names(late) }));
      if (missing.length) parts.push(m.t('pack.exceptions.ack.missing', { names: names(missing) }));
      const deadlines = [...late, ...missing].map((r) => r.deadline).sort();
      const range = clip(addDays(deadlines[0]!, 1), s.replaced, within) ?? clip(s.effective, s.replaced, within);
      if (!range) continue;
      out.push(finding({ policy: p.policy, title: p.title }, s.version, range, period, parts.join('; ')));
    }
  }
  return out;
}

/** Everything an auditor would ask about, over the days of the period. */
export function packExceptions(inputs: ExceptionInputs): PackExceptions {
  const { period, messages: m, records } = inputs;
  const notInForce = inputs.timelines.flatMap((t) => notInForceFindings(t, period, m));
  const approvals = records.approvals ? inputs.versions.flatMap((v) => approvalFindings(v, inputs)) : [];
  const reviews = inputs.versions.flatMap((v) => overdueSpans(v, period).map((s) =>
    finding({ policy: v.id, title: v.title }, v.version, s, period, m.t('pack.exceptions.review', { due: m.date(s.due) }))));
  const acknowledgements = inputs.acknowledgements ? ackFindings(inputs, inputs.acknowledgements) : [];
  return {
    notInForce: { available: true, items: notInForce },
    approvals: { available: records.approvals !== undefined, items: approvals },
    reviews: { available: true, items: reviews },
    acknowledgements: { available: inputs.acknowledgements !== undefined, items: acknowledgements },
    total: notInForce.length + approvals.length + reviews.length + acknowledgements.length,
  };
}
