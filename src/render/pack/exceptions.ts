import { addDays, compareDates, daysBetween, isIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import { reviewState } from '../../repo/review-schedule/schedule.js';
import { clipToPeriod, type Period } from './period.js';
import type { VersionInForce } from './in-force.js';
import type { AcknowledgementSummary, ApprovalRecord, PackRecords } from './records.js';

/** One finding an auditor would ask about. */
export interface PackException {
  policy: string;
  title: string;
  version: string;
  detail: string;
}

/** A group of findings; `available` is false when the records it needs do not exist. */
export interface ExceptionGroup {
  available: boolean;
  items: PackException[];
}

/** The exceptions section. */
export interface PackExceptions {
  approvals: ExceptionGroup;
  reviews: ExceptionGroup;
  acknowledgements: ExceptionGroup;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const item = (v: VersionInForce, detail: string): PackException => ({ policy: v.id, title: v.title, version: v.version, detail });

/** The approvals that count for a version: its own policy, version and (when recorded) content. */
export function approvalsFor(v: VersionInForce, approvals: readonly ApprovalRecord[]): ApprovalRecord[] {
  return approvals.filter((a) => a.policy === v.id && a.version === v.version);
}

function approvalFindings(v: VersionInForce, approvals: readonly ApprovalRecord[], name: (id: string) => string): string[] {
  const required = strings(v.meta['approvers']);
  if (!required.length) return ['no approvers are listed for this version'];
  const records = approvalsFor(v, approvals);
  const findings: string[] = [];
  const stale = records.filter((a) => a.contentHash !== undefined && a.contentHash !== v.contentHash);
  const valid = records.filter((a) => a.decision === 'approved' && (a.contentHash === undefined || a.contentHash === v.contentHash));
  const missing = required.filter((p) => !valid.some((a) => a.approver === p));
  if (missing.length) findings.push(`in force without the approval of ${missing.map(name).join(', ')}`);
  for (const a of stale) findings.push(`the approval by ${name(a.approver)} (${a.time.slice(0, 10)}) is for different content`);
  for (const a of records.filter((r) => r.decision === 'rejected')) findings.push(`rejected by ${name(a.approver)} on ${a.time.slice(0, 10)}`);
  if (!missing.length) {
    const last = valid.map((a) => a.time.slice(0, 10)).sort().pop();
    if (last && compareDates(last, v.from) > 0) findings.push(`took effect on ${v.from}, before its last required approval on ${last}`);
  }
  return findings;
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
 * Spans of the period in which a version in force was past its review date: the schedule at each
 * day comes from the latest approved revision committed by then (recording a review moves it).
 */
export function overdueSpans(v: VersionInForce, period: Period): { due: IsoDate; from: IsoDate; until: IsoDate }[] {
  const window = clipToPeriod(v.from, v.until, period);
  const cuts = [window.from, ...v.revisions.map((r) => r.date).filter((d) => compareDates(d, window.from) > 0 && compareDates(d, window.until) < 0)];
  const unique = [...new Set(cuts)].sort();
  const spans: { due: IsoDate; from: IsoDate; until: IsoDate }[] = [];
  unique.forEach((start, i) => {
    const end = unique[i + 1] ?? window.until;
    const meta = [...v.revisions].reverse().find((r) => compareDates(r.date, start) <= 0)?.meta ?? v.revisions[0]?.meta ?? v.meta;
    const due = dueDate(meta);
    if (!due) return;
    const overdueFrom = addDays(due, 1);
    if (compareDates(overdueFrom, end) >= 0) return;
    const from = compareDates(overdueFrom, start) > 0 ? overdueFrom : start;
    const prev = spans[spans.length - 1];
    if (prev && prev.until === from && prev.due === due) prev.until = end;
    else spans.push({ due, from, until: end });
  });
  return spans;
}

/** Findings about the versions in force: approvals, overdue reviews, missing acknowledgements. */
export function packExceptions(versions: readonly VersionInForce[], period: Period, records: PackRecords, name: (id: string) => string): PackExceptions {
  const approvals: PackException[] = [];
  const reviews: PackException[] = [];
  const acks: PackException[] = [];
  const end = addDays(period.to, 1);
  for (const v of versions) {
    if (records.approvals) for (const f of approvalFindings(v, records.approvals, name)) approvals.push(item(v, f));
    else if (!strings(v.meta['approvers']).length) approvals.push(item(v, 'no approvers are listed for this version'));
    for (const s of overdueSpans(v, period)) {
      const days = daysBetween(s.from, s.until);
      const still = s.until === end && (v.until === undefined || compareDates(v.until, end) >= 0);
      reviews.push(item(v, `review was due ${s.due}; overdue from ${s.from} ${still ? `to the end of the period (${days} days)` : `until ${addDays(s.until, -1)} (${days} days)`}`));
    }
    if (records.acknowledgements) {
      const summary: AcknowledgementSummary | undefined = records.acknowledgements.find((a) => a.policy === v.id && a.version === v.version);
      if (summary && summary.missing.length) {
        const names = summary.missing.slice(0, 12).map(name).join(', ');
        const more = summary.missing.length > 12 ? ` and ${summary.missing.length - 12} more` : '';
        acks.push(item(v, `${summary.missing.length} of ${summary.required} required people have not acknowledged it: ${names}${more}`));
      }
    }
  }
  return {
    approvals: { available: records.approvals !== undefined, items: approvals },
    reviews: { available: true, items: reviews },
    acknowledgements: { available: records.acknowledgements !== undefined, items: acks },
  };
}
