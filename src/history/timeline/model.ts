import { isIsoDate, toIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import { loadedPolicyHash } from '../../repo/content-hash/content-hash.js';
import type { ValidPolicy } from '../../repo/project/types.js';
import { committedPolicy } from '../policies-at-ref.js';
import type { PolicyVersion, Presence } from '../versions.js';

/** One text a version had: its content hash and when it was committed. */
export interface VersionText {
  hash: string;
  /** Commit time in seconds since the epoch; undefined for the working tree's uncommitted text. */
  since: number | undefined;
}

/** A moment a version's status changed: a commit's time and date, or undefined for the working tree. */
export interface StatusChange {
  to: 'approved' | 'retired';
  /** Commit time in seconds; undefined when only the working tree records it. */
  time: number | undefined;
  date: IsoDate | undefined;
}

/**
 * One version of a policy as every report sees it: what docs/timeline.md's rules need, and
 * nothing that cannot be written as JSON (a build caches it).
 */
export interface TimelineVersion {
  version: string;
  /** MAJOR number of a MAJOR.MINOR.PATCH version (NaN otherwise). */
  major: number;
  /** Its latest `status:` (draft, in-review, approved, retired); undefined when unreadable. */
  status: string | undefined;
  /** Whether any of its texts was approved. */
  approved: boolean;
  /** Each time its status became approved or retired, oldest first. */
  changes: StatusChange[];
  /** The `effective:` date that counts: the first approved text's, or a later one committed before that day came. */
  effective: IsoDate | undefined;
  /** The day it takes effect once approved: `effective`, else the day its approval was committed. */
  start: IsoDate | undefined;
  /** The roster groups that must acknowledge it (its latest text's). */
  audience: string[];
  title: string;
  /** The review schedule of its latest approved text (else its latest text). */
  review: { cycle: string; last: IsoDate | undefined } | undefined;
  /** Its `approvers:` (latest text). */
  approvers: string[];
  /** Texts it had, oldest first (more than one when it was edited without a bump). */
  texts: VersionText[];
  /** When it was first committed (seconds since the epoch); undefined when it is not committed. */
  committed: number | undefined;
}

/** A stretch of git history during which the policy had a file (dates only). */
export interface PresenceSpan {
  added: { time: number; date: IsoDate };
  removed: { time: number; date: IsoDate } | undefined;
}

/** Everything known about one policy's versions, in the order they were written. */
export interface PolicyTimeline {
  policy: string;
  title: string;
  /** Its latest file (root-relative). */
  file: string;
  versions: TimelineVersion[];
  /** From git: when it had a file. Empty outside git (and for a policy only the working tree has). */
  presence: PresenceSpan[];
}

/** MAJOR number of a MAJOR.MINOR.PATCH version (NaN when it is not one). */
export function majorOf(version: string): number {
  const m = /^(\d+)\.\d+\.\d+$/.exec(version);
  return m ? Number(m[1]) : Number.NaN;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const isoOrUndefined = (value: unknown): IsoDate | undefined => (isIsoDate(value) ? value : undefined);

function reviewOf(meta: Readonly<Record<string, unknown>>): TimelineVersion['review'] {
  const review = meta['review'];
  if (!review || typeof review !== 'object') return undefined;
  const r = review as Record<string, unknown>;
  return typeof r['cycle'] === 'string' ? { cycle: r['cycle'], last: isoOrUndefined(r['last']) } : undefined;
}

/**
 * The effective date that counts, given a version's approved texts in commit order: the first's;
 * a later approved text moves it only when committed before that day came (after it, the version
 * was already in force, and the date cannot be rewritten).
 */
function countedEffective(approved: readonly { date: IsoDate | undefined; effective: IsoDate | undefined }[]): IsoDate | undefined {
  let effective = approved[0]?.effective;
  for (const r of approved.slice(1)) {
    if (r.effective !== undefined && effective !== undefined && r.effective !== effective && r.date !== undefined && r.date < effective) effective = r.effective;
  }
  return effective;
}

/** Status transitions of a sequence of texts: each time it became approved, or retired. */
function statusChanges(texts: readonly { status: unknown; time: number | undefined; date: IsoDate | undefined }[]): StatusChange[] {
  const changes: StatusChange[] = [];
  let state: 'approved' | 'retired' | undefined;
  for (const t of texts) {
    const now = t.status === 'approved' ? 'approved' : t.status === 'retired' ? 'retired' : undefined;
    if (now && now !== state) changes.push({ to: now, time: t.time, date: t.date });
    if (now) state = now;
  }
  return changes;
}

/** A version from git history (what a build's history index keeps of it). */
export function timelineVersion(v: PolicyVersion, defaultFramework: string): TimelineVersion {
  const last = v.revisions[v.revisions.length - 1]!;
  const approvedRevisions = v.revisions.filter((r) => r.meta['status'] === 'approved');
  const texts: VersionText[] = [];
  for (const r of v.revisions) {
    const hash = committedPolicy(r.file, r.text, defaultFramework, r.meta)?.hash;
    if (hash && texts[texts.length - 1]?.hash !== hash) texts.push({ hash, since: r.time });
  }
  const changes = statusChanges(v.revisions.map((r) => ({ status: r.meta['status'], time: r.time, date: r.date })));
  const effective = countedEffective(approvedRevisions.map((r) => ({ date: r.date, effective: isoOrUndefined(r.meta['effective']) })));
  const approvedAt = changes.find((c) => c.to === 'approved');
  const reviewed = approvedRevisions[approvedRevisions.length - 1] ?? last;
  return {
    version: v.version,
    major: majorOf(v.version),
    status: typeof last.meta['status'] === 'string' ? last.meta['status'] : undefined,
    approved: approvedRevisions.length > 0,
    changes,
    effective,
    start: effective ?? approvedAt?.date,
    audience: strings(last.meta['audience']),
    title: typeof last.meta['title'] === 'string' ? last.meta['title'] : v.id,
    review: reviewOf(reviewed.meta),
    approvers: strings(last.meta['approvers']),
    texts,
    committed: v.first.time,
  };
}

/** A policy's timeline from its versions and presence in git history. */
export function timelineFromHistory(id: string, versions: readonly TimelineVersion[], presence: readonly Presence[], file: string): PolicyTimeline {
  const last = versions[versions.length - 1];
  return {
    policy: id,
    title: last?.title ?? id,
    file,
    versions: [...versions],
    presence: presence.map((p) => ({
      added: { time: p.added.time, date: p.added.date },
      removed: p.removed ? { time: p.removed.time, date: p.removed.date } : undefined,
    })),
  };
}

/**
 * A policy's timeline as the working tree has it: its history, and the working tree's text either
 * continuing the last version (same number, maybe edited or approved since) or as a new version.
 * Changes only the working tree records have no commit: an approval counts from its effective
 * date, a retirement from the day the version it retires took effect.
 */
export function withWorkingTree(history: PolicyTimeline | undefined, policy: ValidPolicy, defaultFramework: string): PolicyTimeline {
  const meta = policy.meta;
  const hash = loadedPolicyHash(policy, defaultFramework);
  const past = history?.versions ?? [];
  const last = past[past.length - 1];
  const now = {
    status: meta.status, audience: meta.audience ?? [], title: meta.title, approvers: meta.approvers ?? [],
    review: { cycle: meta.review.cycle, last: meta.review.last },
  };
  let versions: TimelineVersion[];
  if (last?.version === meta.version) {
    const texts = last.texts[last.texts.length - 1]?.hash === hash ? last.texts : [...last.texts, { hash, since: undefined }];
    const lastState = last.changes[last.changes.length - 1]?.to;
    const changes = (meta.status === 'approved' || meta.status === 'retired') && meta.status !== lastState
      ? [...last.changes, { to: meta.status, time: undefined, date: undefined }]
      : last.changes;
    const effective = last.approved ? last.effective : meta.status === 'approved' ? meta.effective : last.effective;
    const approvedAt = changes.find((c) => c.to === 'approved');
    versions = [...past.slice(0, -1), {
      ...last, ...now,
      review: meta.status === 'approved' || !last.approved ? now.review : last.review,
      approved: last.approved || meta.status === 'approved',
      changes, effective, start: effective ?? approvedAt?.date, texts,
    }];
  } else {
    const changes = statusChanges([{ status: meta.status, time: undefined, date: undefined }]);
    const effective = meta.status === 'approved' ? meta.effective : undefined;
    versions = [...past, {
      version: meta.version, major: majorOf(meta.version), ...now, approved: meta.status === 'approved', changes,
      effective, start: effective, texts: [{ hash, since: undefined }], committed: undefined,
    }];
  }
  return { policy: policy.id, title: meta.title, file: policy.file, versions, presence: history?.presence ?? [] };
}

/** The day a version came into existence: its first commit, or its effective date when that is earlier (history imported later). */
export function existedSince(v: TimelineVersion): { instant: number; date: IsoDate } | undefined {
  const commit = v.committed !== undefined ? v.committed * 1000 : undefined;
  const effective = v.effective !== undefined ? Date.parse(`${v.effective}T00:00:00Z`) : undefined;
  const instant = commit === undefined ? effective : effective === undefined ? commit : Math.min(commit, effective);
  return instant === undefined ? undefined : { instant, date: toIsoDate(new Date(instant)) };
}

/** The content hash of the committed text a version had at an instant (its first text when none was committed by then). */
export function hashAt(v: TimelineVersion, instantMs: number): string {
  let hash = v.texts[0]!.hash;
  for (const t of v.texts) if (t.since !== undefined && t.since * 1000 <= instantMs) hash = t.hash;
  return hash;
}

/** The content hash of a version's latest text. */
export function latestHash(v: TimelineVersion): string {
  return v.texts[v.texts.length - 1]!.hash;
}
