import type { IsoDate } from '../../core/dates/calendar.js';
import { forEachRequirement, type AckModel, type AckRequirement } from './requirements.js';
import { isRetired, notInForce, seriesOn, versionInForce } from '../../history/timeline/in-force.js';

/** Where one policy's acknowledgements stand on a day. */
export interface PolicyAckStatus {
  policy: string;
  title: string;
  /** The version in force; undefined when none is (not yet effective, retired, never approved). */
  version: string | undefined;
  /** The MAJOR step whose acknowledgement counts, and the day it took effect. */
  step: { version: string; effective: IsoDate } | undefined;
  /** Why nothing is owed, when nothing is in force. */
  reason?: IdleReason;
  required: number;
  acknowledged: number;
  /** acknowledged / required; 1 when nobody is required. */
  share: number;
  /** Acknowledged, but after their deadline. */
  acknowledgedLate: number;
  /** Not acknowledged yet, within their grace period. */
  pending: AckRequirement[];
  /** Past their deadline without an acknowledgement. */
  overdue: AckRequirement[];
}

/** What one person still owes on a day. */
export interface PersonAckStatus {
  person: string;
  name: string;
  email: string;
  /** Pending and overdue requirements, by deadline. */
  owes: AckRequirement[];
}

/** `precept acks status`: per policy and per person, as of a day. */
export interface AckStatusReport {
  asOf: IsoDate;
  graceDays: number;
  policies: PolicyAckStatus[];
  /** People who owe something, by id. */
  people: PersonAckStatus[];
  totals: { required: number; acknowledged: number; pending: number; overdue: number };
}

const byDeadline = (a: AckRequirement, b: AckRequirement) =>
  (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) || (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0);
const byPerson = (a: AckRequirement, b: AckRequirement) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0);

/** Why a policy owes no acknowledgement on a day: retired, removed, not yet in force, or never approved. */
export type IdleReason = { kind: 'retired' | 'removed' | 'none' } | { kind: 'upcoming'; version: string; from: IsoDate };

/** Why a policy owes nothing on a day. */
function idleReason(model: AckModel, index: number, day: IsoDate): IdleReason {
  const t = model.timelines[index]!;
  const why = notInForce(t, day);
  if (isRetired(t) && versionInForce(t, day) === undefined) return { kind: 'retired' };
  if (why?.next) return { kind: 'upcoming', version: t.versions[why.next.index]!.version, from: why.next.from };
  if (why?.reason === 'retired' || why?.reason === 'removed') return { kind: why.reason };
  return { kind: 'none' };
}

/**
 * Per policy: the share of the people required who have acknowledged the version in force (or
 * an earlier version of its MAJOR series), who is pending and who is overdue; per person: what
 * they still owe.
 */
export function acknowledgementStatus(model: AckModel, asOf: IsoDate): AckStatusReport {
  // Counted as they are judged: only the requirements still owed are kept.
  type Counts = { required: number; acknowledged: number; late: number; pending: AckRequirement[]; overdue: AckRequirement[] };
  const counts = new Map<string, Counts>();
  const owed = new Map<string, AckRequirement[]>();
  // Requirements come policy by policy: the counts of the last one are at hand.
  let policy: string | undefined;
  let c: Counts | undefined;
  forEachRequirement(model, asOf, asOf, undefined, (r) => {
    if (r.policy !== policy || !c) {
      policy = r.policy;
      c = counts.get(policy);
      if (!c) counts.set(policy, (c = { required: 0, acknowledged: 0, late: 0, pending: [], overdue: [] }));
    }
    c.required++;
    if (r.state === 'acknowledged') {
      c.acknowledged++;
      if (r.late) c.late++;
      return;
    }
    (r.state === 'overdue' ? c.overdue : c.pending).push(r);
    const mine = owed.get(r.person);
    if (mine) mine.push(r);
    else owed.set(r.person, [r]);
  });
  const totals = { required: 0, acknowledged: 0, pending: 0, overdue: 0 };
  const policies = model.timelines.map((t, index): PolicyAckStatus => {
    const c = counts.get(t.policy) ?? { required: 0, acknowledged: 0, late: 0, pending: [], overdue: [] };
    const inForce = versionInForce(t, asOf);
    const series = seriesOn(t, asOf);
    totals.required += c.required;
    totals.acknowledged += c.acknowledged;
    totals.pending += c.pending.length;
    totals.overdue += c.overdue.length;
    return {
      policy: t.policy,
      title: t.title,
      version: inForce !== undefined ? t.versions[inForce]!.version : undefined,
      step: series ? { version: t.versions[series.step]!.version, effective: series.from } : undefined,
      ...(inForce === undefined ? { reason: idleReason(model, index, asOf) } : {}),
      required: c.required,
      acknowledged: c.acknowledged,
      share: c.required ? c.acknowledged / c.required : 1,
      acknowledgedLate: c.late,
      pending: c.pending.sort(byPerson),
      overdue: c.overdue.sort(byPerson),
    };
  });
  const people = [...owed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, owes]): PersonAckStatus => {
    const person = model.roster.people.get(id)!.person;
    return { person: id, name: person.name, email: person.email, owes: owes.sort(byDeadline) };
  });
  return { asOf, graceDays: model.graceDays, policies, people, totals };
}
