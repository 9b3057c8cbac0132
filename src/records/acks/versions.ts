import semver from 'semver';
import { currentHash } from '../approvals/status.js';
import { isIsoDate, toIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import type { GitRepo } from '../../history/git.js';
import { committedPolicy } from '../../history/policies-at-ref.js';
import { policyHistory, type PolicyVersion } from '../../history/versions.js';
import { isValidPolicy, type Project, type ValidPolicy } from '../../repo/project/types.js';

/** One text a version had: its content hash and when it was committed. */
export interface VersionText {
  hash: string;
  /** Commit time in seconds since the epoch; undefined for the working tree's uncommitted text. */
  since: number | undefined;
}

/** A version of a policy as the acknowledgement rules see it. */
export interface KnownVersion {
  version: string;
  major: number;
  /** Its final `status:` (draft, in-review, approved, retired); undefined when unreadable. */
  status: string | undefined;
  /** Whether it was ever approved (a retired version usually was, before it was retired). */
  approved: boolean;
  /** The day a commit first marked it retired; undefined when it is not, or only the working tree says so. */
  retiredOn: IsoDate | undefined;
  /** Its `effective:` date, when it has a valid one. */
  effective: IsoDate | undefined;
  /** The roster groups that must acknowledge it. */
  audience: string[];
  title: string;
  /** Texts it had, oldest first (more than one when it was edited without a bump). */
  texts: VersionText[];
  /** When it was first committed (seconds since the epoch); undefined when it is not committed. */
  committed: number | undefined;
}

/** Every known version of one policy of the working tree, oldest first. */
export interface PolicyTimeline {
  policy: string;
  title: string;
  file: string;
  versions: KnownVersion[];
}

/** Where versions were read from, for the notes status reports print. */
export interface Timelines {
  timelines: PolicyTimeline[];
  /** True when past versions come from git; false when only the working tree's are known. */
  fromGit: boolean;
}

/** MAJOR number of a MAJOR.MINOR.PATCH version (NaN when it is not one). */
export function majorOf(version: string): number {
  return semver.valid(version) ? semver.major(version) : Number.NaN;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A version from git history as the acknowledgement rules see it (what a build's history index keeps). */
export function knownFromHistory(v: PolicyVersion, defaultFramework: string): KnownVersion {
  const last = v.revisions[v.revisions.length - 1]!;
  const meta = last.meta;
  const texts: VersionText[] = [];
  for (const r of v.revisions) {
    const hash = committedPolicy(r.file, r.text, defaultFramework, r.meta)?.hash;
    if (hash && texts[texts.length - 1]?.hash !== hash) texts.push({ hash, since: r.time });
  }
  return {
    version: v.version,
    major: majorOf(v.version),
    status: typeof meta['status'] === 'string' ? meta['status'] : undefined,
    approved: v.revisions.some((r) => r.meta['status'] === 'approved'),
    retiredOn: v.revisions.find((r) => r.meta['status'] === 'retired')?.date,
    effective: isIsoDate(meta['effective']) ? meta['effective'] : undefined,
    audience: strings(meta['audience']),
    title: typeof meta['title'] === 'string' ? meta['title'] : v.id,
    texts,
    committed: v.first.time,
  };
}

/** Merges the working tree's text of a policy into its history: the same version updated, or a new one. */
function withWorkingTree(policy: ValidPolicy, past: KnownVersion[], defaultFramework: string): KnownVersion[] {
  const meta = policy.meta;
  const hash = currentHash(policy, defaultFramework);
  const now = {
    status: meta.status, effective: meta.effective, audience: meta.audience ?? [], title: meta.title,
  };
  const last = past[past.length - 1];
  if (last?.version === meta.version) {
    const texts = last.texts[last.texts.length - 1]?.hash === hash ? last.texts : [...last.texts, { hash, since: undefined }];
    const approved = last.approved || meta.status === 'approved';
    return [...past.slice(0, -1), { ...last, ...now, approved, retiredOn: meta.status === 'retired' ? last.retiredOn : undefined, texts }];
  }
  return [...past, {
    version: meta.version, major: majorOf(meta.version), ...now, approved: meta.status === 'approved', retiredOn: undefined,
    texts: [{ hash, since: undefined }], committed: undefined,
  }];
}

/** Past versions of each policy by id (oldest first), as read from git history. */
export type PastVersions = ReadonlyMap<string, readonly KnownVersion[]>;

/**
 * The versions of every valid policy in the working tree: past versions from git history (each
 * with its final status, effective date and audience), then the working tree's own text. Without
 * git only the working tree's version is known.
 */
export async function loadTimelines(project: Project, git: GitRepo | undefined): Promise<Timelines> {
  const fw = project.config.defaultFramework;
  const history = git ? await policyHistory(git, project.config.paths.policies) : undefined;
  if (!history) return timelinesFrom(project, undefined);
  const past = new Map<string, KnownVersion[]>();
  for (const policy of project.policies.filter(isValidPolicy)) {
    past.set(policy.id, (history.versions.get(policy.id) ?? []).map((v) => knownFromHistory(v, fw)));
  }
  return timelinesFrom(project, past);
}

/** loadTimelines over past versions already read (a build's cached history index); undefined: none known. */
export function timelinesFrom(project: Project, past: PastVersions | undefined): Timelines {
  const fw = project.config.defaultFramework;
  const timelines = project.policies.filter(isValidPolicy).map((policy): PolicyTimeline => ({
    policy: policy.id, title: policy.meta.title, file: policy.file,
    versions: withWorkingTree(policy, [...(past?.get(policy.id) ?? [])], fw),
  }));
  return { timelines, fromGit: past !== undefined };
}

/** The day a version came into existence: its first commit, or its effective date when that is earlier (history imported later). */
export function existedSince(v: KnownVersion): { instant: number; date: IsoDate } | undefined {
  const commit = v.committed !== undefined ? v.committed * 1000 : undefined;
  const effective = v.effective !== undefined ? Date.parse(`${v.effective}T00:00:00Z`) : undefined;
  const instant = commit === undefined ? effective : effective === undefined ? commit : Math.min(commit, effective);
  return instant === undefined ? undefined : { instant, date: toIsoDate(new Date(instant)) };
}

/** The content hash of the committed text a version had at an instant (its first text when none was committed by then). */
export function hashAt(v: KnownVersion, instantMs: number): string {
  let hash = v.texts[0]!.hash;
  for (const t of v.texts) if (t.since !== undefined && t.since * 1000 <= instantMs) hash = t.hash;
  return hash;
}

/** The content hash of a version's latest text. */
export function latestHash(v: KnownVersion): string {
  return v.texts[v.texts.length - 1]!.hash;
}
