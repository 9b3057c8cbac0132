import { Memo } from '../../core/memo.js';
import { addDays, type IsoDate } from '../../core/dates/calendar.js';
import { inGroup } from '../../repo/project/roster.js';
import type { Roster } from '../../repo/project/types.js';
import type { Person } from '../../repo/schema/types.generated.js';
import { dayBound, type AckEntry, type AckIndex, type DayBound, type PolicyAcks } from './ack-index.js';
import { seriesOf, versionInForce, type Series } from '../../history/timeline/in-force.js';
import type { PolicyTimeline } from '../../history/timeline/model.js';

/** What the acknowledgement rules work from: policy versions, the roster, the ledger, the grace. */
export interface AckModel {
  timelines: PolicyTimeline[];
  roster: Roster;
  acks: AckIndex;
  graceDays: number;
}

/**
 * acknowledged: a counting acknowledgement was given by the day judged. pending: not yet, and the
 * deadline has not passed. overdue: the deadline passed without one. lapsed: the person left, or
 * a new MAJOR version replaced the one owed, before the deadline (no longer owed; periods only).
 */
export type AckState = 'acknowledged' | 'pending' | 'overdue' | 'lapsed';

/** One person's duty to acknowledge one MAJOR series of one policy, judged on one day. */
export interface AckRequirement {
  policy: string;
  person: string;
  /** The MAJOR step owed: the first version of the series and the day it took effect. */
  step: { version: string; effective: IsoDate };
  /** The version in force on the day judged. */
  version: string;
  /** max(the person's start, the step's effective day) + graceDays. */
  deadline: IsoDate;
  /** The day the requirement was judged on: the period's end, or the day before it stopped applying. */
  judged: IsoDate;
  state: AckState;
  /** The earliest acknowledgement of the series given by the day judged. */
  acknowledgement: AckEntry | undefined;
  /** Acknowledged, but after the deadline. */
  late: boolean;
}

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/** Whether a person is in any of the groups (whatever their dates). */
function inAudience(roster: Roster, person: Person, groups: readonly string[]): boolean {
  for (const g of groups) if (inGroup(roster, person, g)) return true;
  return false;
}

const shifted = new Memo<string, IsoDate>({ entries: 100_000 });

/** addDays, remembered: deadlines repeat the same few start and effective days across thousands of people. */
function plusDays(day: IsoDate, days: number): IsoDate {
  return shifted.get(`${day}+${days}`, () => addDays(day, days));
}

/** What every requirement of one series in one period shares. */
interface SeriesFrame {
  t: PolicyTimeline;
  s: Series;
  step: { version: string; effective: IsoDate };
  /** The last day of the period the series was in force, and the first. */
  end: IsoDate;
  start: IsoDate;
  /** The version in force on `end`. */
  version: string;
  to: IsoDate;
  acks: PolicyAcks;
  /** The deadline of everyone who started by the series' first day. */
  deadline: IsoDate;
  /** `end` and `deadline` as acknowledgement times are compared with them. */
  endBound: DayBound;
  deadlineBound: DayBound;
}

function judge(model: AckModel, f: SeriesFrame, person: Person, slot: number): AckRequirement | undefined {
  if (person.start !== undefined && person.start > f.end) return undefined;
  if (person.end !== undefined && person.end < f.start) return undefined;
  const left = person.end !== undefined && person.end < f.end;
  const judged = left ? person.end! : f.end;
  const ownDeadline = person.start !== undefined && person.start > f.s.from;
  const deadline = ownDeadline ? plusDays(person.start!, model.graceDays) : f.deadline;
  const acknowledgement = f.acks.countingAt(slot, f.s.major, left ? dayBound(judged) : f.endBound);
  let state: AckState;
  if (acknowledgement) state = 'acknowledged';
  else if (judged > deadline) state = 'overdue';
  else state = judged === f.to ? 'pending' : 'lapsed';
  let version = f.version;
  if (left) {
    const inForce = versionInForce(f.t, judged);
    if (inForce !== undefined) version = f.t.versions[inForce]!.version;
  }
  return {
    policy: f.t.policy,
    person: person.id,
    step: f.step,
    version,
    deadline,
    judged,
    state,
    acknowledgement,
    late: acknowledgement !== undefined && f.acks.lateAt(slot, acknowledgement, ownDeadline ? dayBound(deadline) : f.deadlineBound),
  };
}

/**
 * Every acknowledgement owed during a period (inclusive days), judged at its end: for each
 * policy, each MAJOR series in force at some point in the period, and each person in the
 * audience of the version in force on the last day it applied who was on staff at some point
 * while it did. A date's status is the period of that one day.
 */
export function requirementsForPeriod(model: AckModel, from: IsoDate, to: IsoDate, people?: readonly Person[]): AckRequirement[] {
  const out: AckRequirement[] = [];
  forEachRequirement(model, from, to, people, (r) => out.push(r));
  return out;
}

/** requirementsForPeriod, one at a time: for reports that count most requirements and keep few. */
export function forEachRequirement(model: AckModel, from: IsoDate, to: IsoDate, people: readonly Person[] | undefined, visit: (r: AckRequirement) => void): void {
  const everyone = people ?? rosterPeople(model.roster);
  // Each person is looked up in the index once, not once per policy.
  const slots = everyone.map((person) => model.acks.slotOf(person.id));
  for (const t of model.timelines) {
    for (const s of seriesOf(t)) {
      if (s.from > to || (s.to !== undefined && s.to <= from)) continue;
      const end = s.to === undefined ? to : earlier(to, plusDays(s.to, -1));
      const index = versionInForce(t, end) ?? s.members[s.members.length - 1]!;
      const audience = t.versions[index]!.audience;
      if (!audience.length) continue;
      const deadline = plusDays(s.from, model.graceDays);
      const frame: SeriesFrame = {
        t, s, step: { version: t.versions[s.step]!.version, effective: s.from },
        end, start: later(from, s.from), version: t.versions[index]!.version, to, acks: model.acks.forPolicy(t.policy),
        deadline, endBound: dayBound(end), deadlineBound: dayBound(deadline),
      };
      // A group of everyone puts every person in the audience.
      const all = audience.some((g) => model.roster.groups.get(g)?.group.everyone);
      for (let i = 0; i < everyone.length; i++) {
        const person = everyone[i]!;
        if (!all && !inAudience(model.roster, person, audience)) continue;
        const requirement = judge(model, frame, person, slots[i]!);
        if (requirement) visit(requirement);
      }
    }
  }
}

/** The acknowledgements owed on one day (by everyone, or by some people): acknowledged, pending or overdue. */
export function requirementsOn(model: AckModel, day: IsoDate, people?: readonly Person[]): AckRequirement[] {
  return requirementsForPeriod(model, day, day, people);
}

const peopleOf = new WeakMap<Roster, Person[]>();

function rosterPeople(roster: Roster): Person[] {
  let list = peopleOf.get(roster);
  if (!list) peopleOf.set(roster, (list = [...roster.people.values()].map((p) => p.person)));
  return list;
}
