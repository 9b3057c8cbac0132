import { addDays, type IsoDate } from '../../core/dates/calendar.js';
import type { PolicyTimeline } from './model.js';

/** Why a version stopped being in force. */
export type EndReason = 'superseded' | 'retired' | 'removed';

/** A stretch of days one version was in force: from (inclusive) until (exclusive; undefined while in force). */
export interface InForceSpan {
  /** Index into the timeline's versions. */
  index: number;
  from: IsoDate;
  until: IsoDate | undefined;
  end: EndReason | undefined;
}

/** Something that changes what is in force from a day on; `order` is when it was recorded. */
interface Event {
  kind: 'version' | 'retired' | 'removed';
  index: number;
  date: IsoDate;
  /** Commit time in seconds (Infinity: only the working tree records it). */
  order: number;
}

const LATEST = Number.POSITIVE_INFINITY;

/**
 * The events of a policy, in the order they were recorded: each approval taking effect, each
 * retirement, each removal of its last file, and each return of a removed policy (which brings
 * back what was in force when it went).
 */
function events(t: PolicyTimeline): Event[] {
  const out: Event[] = [];
  // The first day git recorded an approval of the policy: effective dates before their own
  // approval are believed only for versions recorded then (history imported after the fact).
  const recordedFrom = t.versions.flatMap((v) => v.changes.filter((c) => c.to === 'approved' && c.date !== undefined).map((c) => c.date!)).sort()[0];
  t.versions.forEach((v, index) => {
    let first = true;
    for (const c of v.changes) {
      const order = c.time ?? LATEST;
      if (c.to === 'approved') {
        // The first approval takes effect on the version's start, but not before it was recorded
        // once history was being kept; an approval after a retirement on its commit's day.
        const backdated = v.start !== undefined && c.date !== undefined && v.start < c.date && recordedFrom !== undefined && c.date > recordedFrom;
        const date = first ? (backdated ? c.date : v.start) : c.date ?? v.start;
        first = false;
        if (date !== undefined) out.push({ kind: 'version', index, date, order });
      } else {
        const date = c.date ?? v.start ?? out.filter((e) => e.order <= order).map((e) => e.date).sort().pop();
        if (date !== undefined) out.push({ kind: 'retired', index, date, order });
      }
    }
  });
  t.presence.forEach((p, i) => {
    if (i > 0) out.push({ kind: 'version', index: -1, date: p.added.date, order: p.added.time });
    if (p.removed) out.push({ kind: 'removed', index: -1, date: p.removed.date, order: p.removed.time });
  });
  const sorted = out.map((e, i) => ({ e, i })).sort((a, b) => a.e.order - b.e.order || a.i - b.i).map(({ e }) => e);
  // A policy added back after its removal has again what it had when it went.
  const resolved: Event[] = [];
  for (const e of sorted) {
    if (e.kind === 'version' && e.index < 0) {
      const before = [...resolved].reverse().find((r) => r.kind !== 'removed');
      if (before) resolved.push({ ...before, date: e.date, order: e.order });
      continue;
    }
    resolved.push(e);
  }
  return resolved;
}

const spanCache = new WeakMap<PolicyTimeline, InForceSpan[]>();

/**
 * When each version was in force (docs/timeline.md). On a day, what is in force is set by the
 * latest-recorded event dated that day or earlier: so a version stops when a later-recorded event
 * takes effect, and one superseded by the day it would start is never in force.
 */
export function spansOf(t: PolicyTimeline): InForceSpan[] {
  const cached = spanCache.get(t);
  if (cached) return cached;
  const list = events(t);
  const spans: InForceSpan[] = [];
  // Walking back, `next` is the earliest date among later-recorded events, and who holds that day.
  let next: { date: IsoDate; kind: Event['kind'] } | undefined;
  const found: InForceSpan[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    if (e.kind === 'version' && (next === undefined || e.date < next.date)) {
      found.push({ index: e.index, from: e.date, until: next?.date, end: next ? (next.kind === 'version' ? 'superseded' : next.kind) : undefined });
    }
    // On equal dates the later-recorded event holds the day, and it is already `next`.
    if (next === undefined || e.date < next.date) next = { date: e.date, kind: e.kind };
  }
  spans.push(...found.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)));
  spanCache.set(t, spans);
  return spans;
}

/** The span in force on a day, if any. */
export function spanOn(t: PolicyTimeline, day: IsoDate): InForceSpan | undefined {
  return spansOf(t).find((s) => s.from <= day && (s.until === undefined || day < s.until));
}

/** Index of the version in force on a day (undefined when none: not yet, retired, removed, never approved). */
export function versionInForce(t: PolicyTimeline, day: IsoDate): number | undefined {
  return spanOn(t, day)?.index;
}

/** The spans that meet a period (both ends inclusive). */
export function spansMeeting(t: PolicyTimeline, from: IsoDate, to: IsoDate): InForceSpan[] {
  return spansOf(t).filter((s) => s.from <= to && (s.until === undefined || s.until > from));
}

/** Whether the latest thing recorded about the policy is its retirement. */
export function isRetired(t: PolicyTimeline): boolean {
  const list = events(t);
  return list[list.length - 1]?.kind === 'retired';
}

/** Why nothing is in force on a day, and since when. */
export type NotInForce =
  | { reason: 'not-yet'; next: { index: number; from: IsoDate } | undefined }
  | { reason: 'between'; since: IsoDate; next: { index: number; from: IsoDate } | undefined }
  | { reason: 'retired' | 'removed'; since: IsoDate; next: { index: number; from: IsoDate } | undefined };

/** Why no version is in force on a day (undefined when one is). */
export function notInForce(t: PolicyTimeline, day: IsoDate): NotInForce | undefined {
  const spans = spansOf(t);
  if (spanOn(t, day)) return undefined;
  const after = spans.find((s) => s.from > day);
  const next = after ? { index: after.index, from: after.from } : undefined;
  const before = [...spans].reverse().find((s) => s.until !== undefined && s.until <= day);
  if (!before) return { reason: 'not-yet', next };
  if (before.end === 'retired' || before.end === 'removed') return { reason: before.end, since: before.until!, next };
  return { reason: 'between', since: before.until!, next };
}

/**
 * A run of versions in force with the same MAJOR number, one after another: one acknowledgement
 * covers all of them, and a new one is owed when the next MAJOR version takes effect.
 */
export interface Series {
  major: number;
  /** Index (into the timeline's versions) of the version that began it: the MAJOR step. */
  step: number;
  /** Indices of its versions, oldest first. */
  members: number[];
  /** The day its first version took effect. */
  from: IsoDate;
  /** The day it ended (the next MAJOR version, retirement or removal); undefined while in force. */
  to: IsoDate | undefined;
}

const seriesCache = new WeakMap<PolicyTimeline, Series[]>();

/** The MAJOR series of a policy, oldest first: a retirement, a removal or a new MAJOR number ends one. */
export function seriesOf(t: PolicyTimeline): Series[] {
  const cached = seriesCache.get(t);
  if (cached) return cached;
  const out: Series[] = [];
  for (const span of spansOf(t)) {
    const major = t.versions[span.index]!.major;
    if (Number.isNaN(major)) continue;
    const open = out[out.length - 1];
    if (open && open.major === major && open.to === span.from) {
      if (!open.members.includes(span.index)) open.members.push(span.index);
      open.to = span.until;
      continue;
    }
    out.push({ major, step: span.index, members: [span.index], from: span.from, to: span.until });
  }
  seriesCache.set(t, out);
  return out;
}

/** The series in force on a day. */
export function seriesOn(t: PolicyTimeline, day: IsoDate): Series | undefined {
  return seriesOf(t).find((s) => s.from <= day && (s.to === undefined || day < s.to));
}

/** The last day of a span that ends (until - 1), for messages. */
export function lastDay(until: IsoDate): IsoDate {
  return addDays(until, -1);
}
