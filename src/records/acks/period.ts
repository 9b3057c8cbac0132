import type { IsoDate } from '../../core/dates/calendar.js';
import { requirementsForPeriod, type AckModel, type AckRequirement } from './requirements.js';
import { seriesOf } from '../../history/timeline/in-force.js';

/** Counts of what happened to the acknowledgements owed in a period. */
export interface AckPeriodCounts {
  required: number;
  /** Acknowledged by the deadline. */
  onTime: number;
  /** Acknowledged after the deadline. */
  late: number;
  /** Deadline passed without an acknowledgement (still missing at the period's end, or when the person left). */
  overdue: number;
  /** Not yet due at the period's end. */
  pending: number;
  /** No longer owed before the deadline: the person left, or a new MAJOR version replaced it. */
  lapsed: number;
}

/** One policy's acknowledgements over a period, for the auditor pack. */
export interface PolicyAckPeriod extends AckPeriodCounts {
  policy: string;
  title: string;
  /** The MAJOR series in force during the period: first version, the day it took effect, the day it was replaced. */
  series: { version: string; effective: IsoDate; replaced: IsoDate | undefined }[];
  requirements: AckRequirement[];
}

/** The acknowledgement section of an auditor pack: every requirement of the period, judged at its end. */
export interface AckPeriodReport {
  from: IsoDate;
  to: IsoDate;
  graceDays: number;
  policies: PolicyAckPeriod[];
  totals: AckPeriodCounts;
}

function counts(reqs: readonly AckRequirement[]): AckPeriodCounts {
  const c: AckPeriodCounts = { required: 0, onTime: 0, late: 0, overdue: 0, pending: 0, lapsed: 0 };
  for (const r of reqs) {
    if (r.state === 'lapsed') {
      c.lapsed++;
      continue;
    }
    c.required++;
    if (r.state === 'acknowledged') {
      if (r.late) c.late++;
      else c.onTime++;
    } else c[r.state]++;
  }
  return c;
}

/**
 * Acknowledgements over a period (inclusive days), by the same rules as `acks status`: what was
 * owed, what was given on time or late, what was still missing at the end or when people left.
 */
export function acknowledgementPeriod(model: AckModel, from: IsoDate, to: IsoDate): AckPeriodReport {
  const all = requirementsForPeriod(model, from, to);
  const byPolicy = new Map<string, AckRequirement[]>();
  for (const r of all) {
    const list = byPolicy.get(r.policy);
    if (list) list.push(r);
    else byPolicy.set(r.policy, [r]);
  }
  const policies = model.timelines.map((t): PolicyAckPeriod => {
    const reqs = byPolicy.get(t.policy) ?? [];
    const series = seriesOf(t)
      .filter((s) => s.from <= to && (s.to === undefined || s.to > from))
      .map((s) => ({ version: t.versions[s.step]!.version, effective: s.from, replaced: s.to }));
    return { policy: t.policy, title: t.title, series, ...counts(reqs), requirements: reqs };
  });
  return { from, to, graceDays: model.graceDays, policies, totals: counts(all) };
}
