import { addDays, daysBetween, type IsoDate } from '../../core/dates/calendar.js';
import type { Period } from './period.js';

/** Days [from, until): `until` is the first day after. */
export interface DayRange {
  from: IsoDate;
  until: IsoDate;
}

/** The period as a range: its last day counts in full. */
export function periodRange(period: Period): DayRange {
  return { from: period.from, until: addDays(period.to, 1) };
}

/** The part of [from, until) inside `within` (until undefined = open), or undefined when none. */
export function clip(from: IsoDate, until: IsoDate | undefined, within: DayRange): DayRange | undefined {
  const a = from > within.from ? from : within.from;
  const b = until === undefined || until > within.until ? within.until : until;
  return a < b ? { from: a, until: b } : undefined;
}

/** Ranges merged where they touch or overlap, in order. */
export function union(ranges: readonly DayRange[]): DayRange[] {
  const sorted = [...ranges].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  const out: DayRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.until) {
      if (r.until > last.until) last.until = r.until;
    } else out.push({ ...r });
  }
  return out;
}

/** The days of `within` that no range covers. */
export function gaps(ranges: readonly DayRange[], within: DayRange): DayRange[] {
  const out: DayRange[] = [];
  let at = within.from;
  for (const r of union(ranges)) {
    if (r.from > at) out.push({ from: at, until: r.from < within.until ? r.from : within.until });
    if (r.until > at) at = r.until;
    if (at >= within.until) break;
  }
  if (at < within.until) out.push({ from: at, until: within.until });
  return out.filter((r) => r.from < r.until);
}

/** How many days a set of ranges covers. */
export function dayCount(ranges: readonly DayRange[]): number {
  return union(ranges).reduce((n, r) => n + daysBetween(r.from, r.until), 0);
}

/** The last day of a range (inclusive), for people. */
export function lastDayOf(r: DayRange): IsoDate {
  return addDays(r.until, -1);
}
