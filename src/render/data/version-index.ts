import { majorOf, timelineFromHistory, timelineVersion, type PolicyTimeline, type TimelineVersion } from '../../history/timeline/model.js';
import { toolKey } from '../../core/tool-key.js';
import { LIMITS } from '../../repo/load/limits.js';
import { comparedMeta } from '../../repo/versioning/fields.js';
import type { GitRepo } from '../../history/git.js';
import { policyHistory, type PolicyHistory, type PolicyVersion, type Presence } from '../../history/versions.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { hashKey, type BuildCache } from '../build/cache.js';
import { failure } from '../../core/i18n/failure.js';

/** One version of a policy in git history, without its text (texts are read on demand). */
export interface HistoricalVersion {
  version: string;
  /** The commit that set this version number. */
  commit: string;
  /** Its commit time (seconds) and UTC date. */
  time: number;
  date: IsoDate;
  subject: string;
  author: string;
  /** The file at that commit (root-relative). */
  file: string;
  /** The version's final text: the last commit before the next bump. */
  last: { commit: string; file: string; blob: string };
  /** Commits that changed the file under this version number. */
  revisions: number;
  /** Fields of that version's frontmatter, read leniently. */
  title: string | undefined;
  effective: string | undefined;
  status: string | undefined;
  /** Its `approvers:` (person ids), for who was to approve that text. */
  approvers: string[];
  /** The frontmatter fields a version page compares with the version before (comparedMeta). */
  compared: Record<string, unknown>;
  /** The version as the timeline sees it (docs/timeline.md): status changes, effective date, audience, content hash of each text. */
  timeline: TimelineVersion;
}

/** Every policy's versions in git history (oldest first), and the texts already in memory. */
export interface VersionIndex {
  head: string;
  versions: Map<string, HistoricalVersion[]>;
  /** When each policy had a file (removals end a policy's time in force). */
  presence: Map<string, Presence[]>;
  /** Texts by blob id that this process has read (all of them when history was just read). */
  texts: Map<string, string>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function toHistorical(v: PolicyVersion, defaultFramework: string): HistoricalVersion {
  const first = v.first;
  const last = v.revisions[v.revisions.length - 1]!;
  return {
    version: v.version, commit: first.commit, time: first.time, date: first.date, subject: first.subject, author: first.author, file: first.file,
    last: { commit: last.commit, file: last.file, blob: last.blob },
    revisions: v.revisions.length,
    title: str(last.meta['title']), effective: str(last.meta['effective']), status: str(last.meta['status']),
    approvers: strs(last.meta['approvers']),
    compared: comparedMeta(last.meta),
    timeline: timelineVersion(v, defaultFramework),
  };
}

/** A cached entry as it was written (JSON turns a NaN MAJOR number into null). */
function revive(h: HistoricalVersion): HistoricalVersion {
  return { ...h, timeline: { ...h.timeline, major: majorOf(h.timeline.version) } };
}

/**
 * The version index of HEAD: from the cache when this HEAD was indexed before (history only
 * changes with HEAD), else read from git with `policyHistory` (or `read`, the repo's one reading
 * of it, which the pack then shares) and cached.
 */
export async function readVersionIndex(
  git: GitRepo, settings: { policiesDir: string; defaultFramework: string }, cache: BuildCache, memory?: Map<string, VersionIndex>,
  read: () => Promise<PolicyHistory | undefined> = () => policyHistory(git, settings.policiesDir),
): Promise<VersionIndex> {
  const { policiesDir, defaultFramework } = settings;
  const head = await git.resolve('HEAD');
  const key = hashKey('version-index', toolKey(), head, git.prefix, policiesDir, defaultFramework);
  const remembered = memory?.get(key);
  if (remembered) return remembered;
  const cached = await cache.get<{ versions: [string, HistoricalVersion[]][]; presence: [string, Presence[]][] }>('history', key);
  if (cached) {
    const index = {
      head, versions: new Map(cached.versions.map(([id, list]) => [id, list.map(revive)])), presence: new Map(cached.presence), texts: new Map<string, string>(),
    };
    memory?.clear();
    memory?.set(key, index);
    return index;
  }
  const history = await read();
  if (!history) throw failure('render.no-history');
  const versions = new Map<string, HistoricalVersion[]>();
  const texts = new Map<string, string>();
  for (const [id, list] of history.versions) {
    versions.set(id, list.map((v) => {
      const last = v.revisions[v.revisions.length - 1]!;
      texts.set(last.blob, last.text);
      return toHistorical(v, defaultFramework);
    }));
  }
  await cache.set('history', key, { versions: [...versions], presence: [...history.presence] });
  const index = { head, versions, presence: history.presence, texts };
  memory?.clear();
  memory?.set(key, index);
  return index;
}

/** Reads the texts of blobs not yet in memory (one git process for all of them). */
export async function loadTexts(git: GitRepo, index: VersionIndex, blobs: readonly string[]): Promise<void> {
  const missing = [...new Set(blobs)].filter((b) => !index.texts.has(b));
  if (!missing.length) return;
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  for (const [sha, bytes] of await git.readBlobs(missing)) {
    if (bytes.length <= LIMITS.maxFileBytes) index.texts.set(sha, utf8.decode(bytes).replace(/^\uFEFF/, ''));
  }
}

/** The timelines of every policy in the index (docs/timeline.md), as git history has them. */
export function indexTimelines(index: VersionIndex): Map<string, PolicyTimeline> {
  const out = new Map<string, PolicyTimeline>();
  for (const id of new Set([...index.versions.keys(), ...index.presence.keys()])) {
    const list = index.versions.get(id) ?? [];
    out.set(id, timelineFromHistory(id, list.map((h) => h.timeline), index.presence.get(id) ?? [], list[list.length - 1]?.last.file ?? `${id}.md`));
  }
  return out;
}
