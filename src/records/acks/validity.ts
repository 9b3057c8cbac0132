import { type IsoDate } from '../../core/dates/calendar.js';
import { loadMessages, sayIn } from '../../core/i18n/messages.js';
import type { Roster } from '../../repo/project/types.js';
import type { Person } from '../../repo/schema/types.generated.js';
import type { AckTime } from './ack-time.js';
import type { AckModel } from './requirements.js';
import { isRetired, spanOn, versionInForce } from '../../history/timeline/in-force.js';
import { existedSince, type PolicyTimeline, type TimelineVersion } from '../../history/timeline/model.js';

/** Why an acknowledgement cannot be recorded, with the HTTP status the portal answers. */
export interface AckRefusal {
  status: 403 | 404 | 409;
  code: 'unknown-policy' | 'unknown-version' | 'superseded' | 'not-approved' | 'retired' | 'not-on-staff';
  message: string;
}

/** A version that may be acknowledged now. */
export interface Acknowledgeable {
  timeline: PolicyTimeline;
  version: TimelineVersion;
}

/** Finds people by id or by email (emails without regard to case), as sign-on proxies and exports name them. */
export function personFinder(roster: Roster): (identity: string) => Person | undefined {
  const byEmail = new Map<string, Person>();
  for (const { person } of roster.people.values()) byEmail.set(person.email.toLowerCase(), person);
  return (identity) => {
    const key = identity.trim();
    return roster.people.get(key)?.person ?? byEmail.get(key.toLowerCase());
  };
}

/** Whether a version was ever approved. */
export function wasApproved(v: TimelineVersion): boolean {
  return v.approved || v.status === 'approved';
}

/** A policy's timeline by id. */
export function timelineOf(model: AckModel, policy: string): PolicyTimeline | undefined {
  return model.timelines.find((t) => t.policy === policy);
}

/** A refusal whose message is written only when someone reads it. */
type Judged = Acknowledgeable | (Omit<AckRefusal, 'message'> & { say(locale: string): string });

function judge(model: AckModel, policy: string, version: string, day: IsoDate): Judged {
  const refuse = (status: AckRefusal['status'], code: AckRefusal['code'], key: string, values: (locale: string) => Record<string, string>): Judged => ({
    status, code, say: (locale) => sayIn(locale, `failure.acknowledge.${key}`, values(locale)),
  });
  const timeline = timelineOf(model, policy);
  if (!timeline) return refuse(404, 'unknown-policy', 'unknown-policy', () => ({ policy }));
  const index = timeline.versions.findIndex((v) => v.version === version);
  const inForce = versionInForce(timeline, day);
  const current = inForce !== undefined ? timeline.versions[inForce]! : undefined;
  const now = (locale: string) => (current ? sayIn(locale, 'failure.acknowledge.in-force', { version: current.version }) : '');
  if (index < 0) return refuse(404, 'unknown-version', 'unknown-version', (locale) => ({ policy, version, now: now(locale) }));
  const v = timeline.versions[index]!;
  if (current === undefined && isRetired(timeline)) return refuse(409, 'retired', 'retired', () => ({ policy }));
  if (index === inForce) return { timeline, version: v };
  if (inForce !== undefined && index < inForce) {
    const from = spanOn(timeline, day)!.from;
    return refuse(409, 'superseded', 'superseded', (locale) => ({ policy, version, current: current!.version, since: loadMessages(locale).reportDate(from) }));
  }
  if (v.status !== 'approved') {
    return refuse(409, 'not-approved', 'not-approved', (locale) => ({ policy, version, status: v.status ?? 'none', now: now(locale) }));
  }
  return { timeline, version: v };
}

/**
 * Whether a version may be acknowledged on a day: the version in force, or an approved version
 * that takes effect later. Earlier versions are superseded (409), drafts and retired policies
 * cannot be acknowledged (409), unknown policies and versions are 404. A refusal's message is
 * said in `locale` (the repo's: the portal shows it to the person who clicked).
 */
export function acknowledgeableNow(model: AckModel, policy: string, version: string, day: IsoDate, locale = 'en'): Acknowledgeable | AckRefusal {
  const judged = judge(model, policy, version, day);
  return 'code' in judged ? { status: judged.status, code: judged.code, message: judged.say(locale) } : judged;
}

/** The versions of a policy that may be acknowledged on a day (in force, and approved ones to come). */
export function acknowledgeableVersions(model: AckModel, timeline: PolicyTimeline, day: IsoDate): string[] {
  return timeline.versions.filter((v) => !('code' in judge(model, timeline.policy, v.version, day))).map((v) => v.version);
}

/**
 * Why an acknowledgement said to be given at a past time cannot be recorded (undefined when it
 * can), in `locale`, with the field it is about: a version never approved, a time before the
 * version existed or after the person left, or a time in the future. Day-only times are compared by day.
 */
export function pastAckProblem(timeline: PolicyTimeline, v: TimelineVersion, person: Person, time: AckTime, nowMs: number, locale = 'en'): { field: 'version' | 'at'; message: string } | undefined {
  const say = (key: string, values: Record<string, string>) => sayIn(locale, `csv-import.acks.${key}`, values);
  const day = (iso: string) => loadMessages(locale).reportDate(iso);
  if (!wasApproved(v)) return { field: 'version', message: say('never-approved', { policy: timeline.policy, version: v.version, status: v.status ?? 'none' }) };
  if (time.dayOnly ? time.date > new Date(nowMs).toISOString().slice(0, 10) : time.instant > nowMs) return { field: 'at', message: say('future', { time: time.iso }) };
  const since = existedSince(v);
  if (since && (time.dayOnly ? time.date < since.date : time.instant < since.instant)) {
    return { field: 'at', message: say('before-version', { time: time.dayOnly ? time.date : time.iso, policy: timeline.policy, version: v.version, since: day(since.date) }) };
  }
  if (person.end !== undefined && time.date > person.end) return { field: 'at', message: say('left', { person: person.id, end: day(person.end), date: day(time.date) }) };
  return undefined;
}
