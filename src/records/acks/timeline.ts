import { toIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import type { KnownVersion, PolicyTimeline } from './versions.js';

/** A published version and the day it took effect. */
interface Published {
  index: number;
  from: IsoDate;
  retired: boolean;
}

/**
 * A run of published versions with the same MAJOR number: one acknowledgement covers all of
 * them, and a new one is owed when the next MAJOR version takes effect.
 */
export interface Series {
  major: number;
  /** Index (into the timeline's versions) of the version that began it: the MAJOR step. */
  step: number;
  /** Indices of its published versions, oldest first. */
  members: number[];
  /** The day its first version took effect. */
  from: IsoDate;
  /** The day the next MAJOR version (or the policy's retirement) took effect; undefined while in force. */
  to: IsoDate | undefined;
}

/** The day a version takes effect: `effective`, else the day it was committed. */
function effectiveDay(v: KnownVersion): IsoDate | undefined {
  return v.effective ?? (v.committed !== undefined ? toIsoDate(new Date(v.committed * 1000)) : undefined);
}

/**
 * Versions that were ever in force (approved, with a day they took effect), and retirements, in
 * order. A version cannot take effect before the one it follows: its day is raised to that one's.
 * A retirement only the working tree records takes effect with the version it retires.
 */
const publishedCache = new WeakMap<PolicyTimeline, Published[]>();

function published(t: PolicyTimeline): Published[] {
  const cached = publishedCache.get(t);
  if (cached) return cached;
  const out: Published[] = [];
  let floor: IsoDate | undefined;
  const push = (index: number, day: IsoDate, retired: boolean) => {
    const from = floor !== undefined && day < floor ? floor : day;
    floor = from;
    out.push({ index, from, retired });
  };
  t.versions.forEach((v, index) => {
    if (Number.isNaN(v.major)) return;
    const day = effectiveDay(v);
    if ((v.approved || v.status === 'approved') && day !== undefined) push(index, day, false);
    if (v.status === 'retired') push(index, v.retiredOn ?? day ?? floor ?? '0000-01-01', true);
  });
  publishedCache.set(t, out);
  return out;
}

const seriesCache = new WeakMap<PolicyTimeline, Series[]>();

/** The MAJOR series of a policy, oldest first (a retirement ends one; none are empty). */
export function seriesOf(t: PolicyTimeline): Series[] {
  const cached = seriesCache.get(t);
  if (cached) return cached;
  const out: Series[] = [];
  for (const p of published(t)) {
    const open = out[out.length - 1]?.to === undefined ? out[out.length - 1] : undefined;
    if (p.retired) {
      if (open) open.to = p.from;
      continue;
    }
    const major = t.versions[p.index]!.major;
    if (open?.major === major) {
      open.members.push(p.index);
      continue;
    }
    if (open) open.to = p.from;
    out.push({ major, step: p.index, members: [p.index], from: p.from, to: undefined });
  }
  const result = out.filter((s) => s.to === undefined || s.from < s.to);
  seriesCache.set(t, result);
  return result;
}

/** Index of the version in force on a day: the last published one that took effect by then (undefined when none, or retired). */
export function versionInForce(t: PolicyTimeline, day: IsoDate): number | undefined {
  let found: Published | undefined;
  for (const p of published(t)) if (p.from <= day) found = p;
  return found && !found.retired ? found.index : undefined;
}

/** The series in force on a day. */
export function seriesOn(t: PolicyTimeline, day: IsoDate): Series | undefined {
  return seriesOf(t).find((s) => s.from <= day && (s.to === undefined || day < s.to));
}

/** Whether the policy's latest published version retired it. */
export function isRetired(t: PolicyTimeline): boolean {
  const all = published(t);
  return all[all.length - 1]?.retired ?? false;
}
