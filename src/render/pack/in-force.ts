import { compareDates, isIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import { policyContentHash, sha256 } from '../../repo/content-hash/content-hash.js';
import type { PolicyHistory, PolicyVersion, Revision } from '../../history/versions.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import { meetsPeriod, type Period } from './period.js';
import type { Removals } from './removals.js';

/** One revision of a version in force, as the review timeline needs it. */
export interface InForceRevision {
  date: IsoDate;
  meta: Record<string, unknown>;
}

/** A policy version that was in force at some time in the audit period. */
export interface VersionInForce {
  id: string;
  version: string;
  title: string;
  /** The day it took effect: its `effective` date, else the day its approval was committed. */
  from: IsoDate;
  /** The day it stopped (exclusive), or undefined when it is still in force. */
  until: IsoDate | undefined;
  endReason: 'superseded' | 'retired' | 'removed' | undefined;
  /** The day the approved text was committed (undefined without git). */
  approvedOn: IsoDate | undefined;
  /** The frontmatter and text shown: the version as committed by the end of the period. */
  meta: Record<string, unknown>;
  text: string;
  body: string;
  /** Root-relative path of the file at that commit. */
  file: string;
  commit: string | undefined;
  /** Approved revisions of this version, oldest first (review dates move without a version bump). */
  revisions: InForceRevision[];
  /** What approvals and acknowledgements bind to. */
  contentHash: string;
  /** SHA-256 of the file's exact text at that commit. */
  sha256: string;
}

const approved = (r: Revision) => r.meta['status'] === 'approved';

interface Event {
  kind: 'version' | 'retired' | 'removed';
  date: IsoDate;
  time: number;
  version?: PolicyVersion;
}

/** The moments a policy's text in force changed: approvals taking effect, retirement, removal. */
function timeline(versions: PolicyVersion[], removals: Removals): Event[] {
  const events: Event[] = [];
  for (const v of versions) {
    const first = v.revisions.find(approved);
    if (!first) continue;
    const effective = first.meta['effective'];
    events.push({ kind: 'version', date: isIsoDate(effective) ? effective : first.date, time: first.time, version: v });
  }
  const all = versions.flatMap((v) => v.revisions).sort((a, b) => a.time - b.time);
  let wasRetired = false;
  for (const r of all) {
    const retired = r.meta['status'] === 'retired';
    if (retired && !wasRetired) events.push({ kind: 'retired', date: r.date, time: r.time });
    wasRetired = retired;
  }
  const last = all[all.length - 1];
  const removed = last ? removals.get(last.file)?.find((d) => d.time >= last.time) : undefined;
  if (removed) events.push({ kind: 'removed', date: removed.date, time: removed.time });
  // By date; on the same day the later commit wins, leaving the earlier event an empty interval.
  return events.sort((a, b) => compareDates(a.date, b.date) || a.time - b.time);
}

function fromRevision(id: string, v: PolicyVersion, event: Event, next: Event | undefined, period: Period, defaultFramework: string): VersionInForce {
  const revisions = v.revisions.filter(approved);
  const shown = [...revisions].reverse().find((r) => compareDates(r.date, period.to) <= 0) ?? revisions[0]!;
  const body = splitFrontmatter(shown.text).body;
  const title = shown.meta['title'];
  return {
    id,
    version: v.version,
    title: typeof title === 'string' ? title : id,
    from: event.date,
    until: next?.date,
    endReason: next ? (next.kind === 'version' ? 'superseded' : next.kind) : undefined,
    approvedOn: revisions[0]!.date,
    meta: shown.meta,
    text: shown.text,
    body,
    file: shown.file,
    commit: shown.commit,
    revisions: revisions.map((r) => ({ date: r.date, meta: r.meta })),
    contentHash: policyContentHash(shown.meta, id, body, defaultFramework),
    sha256: sha256(shown.text),
  };
}

/**
 * Every policy version in force at any time in the period, from git history: a version is in
 * force from its effective date (or the day its approval was committed) until the next approved
 * version takes effect, the policy is retired, or its file is removed. Drafts and versions in
 * review never count. The text is the version's own, from git, never today's file.
 */
export function versionsInForceFromHistory(project: Project, history: PolicyHistory, removals: Removals, period: Period): VersionInForce[] {
  const result: VersionInForce[] = [];
  for (const [id, versions] of history.versions) {
    const events = timeline(versions, removals);
    events.forEach((event, i) => {
      if (event.kind !== 'version' || !event.version) return;
      const next = events[i + 1];
      if (next && compareDates(next.date, event.date) <= 0) return; // superseded the day it started
      if (!meetsPeriod(event.date, next?.date, period)) return;
      result.push(fromRevision(id, event.version, event, next, period, project.config.defaultFramework));
    });
  }
  return sortVersions(result);
}

/**
 * Without git: the current approved policies whose effective date is not after the period's end,
 * as if in force from then on. The pack says that history was not available.
 */
export function versionsInForceFromWorkingTree(project: Project, period: Period): VersionInForce[] {
  const result: VersionInForce[] = [];
  for (const p of project.policies.filter(isValidPolicy)) {
    const effective = p.meta.effective;
    if (p.meta.status !== 'approved' || !effective || !meetsPeriod(effective, undefined, period)) continue;
    const meta = p.meta as unknown as Record<string, unknown>;
    result.push({
      id: p.id, version: p.meta.version, title: p.meta.title, from: effective, until: undefined, endReason: undefined,
      approvedOn: undefined, meta, text: p.source.text, body: p.body, file: p.file, commit: undefined,
      revisions: [{ date: effective, meta }],
      contentHash: policyContentHash(meta, p.id, p.body, project.config.defaultFramework),
      sha256: sha256(p.source.text),
    });
  }
  return sortVersions(result);
}

/** Register order: by title, then by the date each version took effect. */
function sortVersions(list: VersionInForce[]): VersionInForce[] {
  return list.sort((a, b) => a.title.localeCompare(b.title, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || compareDates(a.from, b.from));
}
