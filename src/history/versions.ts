import path from 'node:path';
import { toIsoDate, type IsoDate } from '../core/dates/calendar.js';
import { splitFrontmatter } from '../repo/load/frontmatter.js';
import { LIMITS } from '../repo/load/limits.js';
import { parsePlainYaml } from '../core/yaml/plain-yaml.js';
import type { GitRepo } from './git.js';
import { yamlLib } from '../core/yaml/yaml-lib.js';

/** One commit's text of a policy file. */
export interface Revision {
  commit: string;
  /** Commit time, seconds since the epoch. */
  time: number;
  /** Commit date (UTC). */
  date: IsoDate;
  subject: string;
  author: string;
  /** Root-relative path at that commit. */
  file: string;
  /** The file's git blob id at that commit: names its text exactly, so caches can key on it. */
  blob: string;
  text: string;
  /** The frontmatter at that commit, read leniently (older versions may predate today's schema). */
  meta: Record<string, unknown>;
}

/** A version of a policy: the commits from the one that set `version` until the next bump. */
export interface PolicyVersion {
  id: string;
  version: string;
  /** The revision that introduced this version number. */
  first: Revision;
  /** Every revision with this version number, oldest first (more than one means edits without a bump). */
  revisions: Revision[];
}

/** A commit as the timeline dates events: its time (seconds since the epoch), UTC date and id. */
export interface Stamp {
  time: number;
  date: IsoDate;
  commit: string;
}

/**
 * A stretch of history during which a policy had a file: from the commit that added it (under any
 * path: a rename keeps it present) to the commit that deleted its last file, if any.
 */
export interface Presence {
  added: Stamp;
  removed: Stamp | undefined;
}

/** Policy versions from git history, by policy id, oldest first. */
export interface PolicyHistory {
  head: string;
  versions: Map<string, PolicyVersion[]>;
  /** When each policy had a file, oldest first: a deletion ends a stretch, adding it back starts another. */
  presence: Map<string, Presence[]>;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const RECORD = '\u001e';
const FIELD = '\u001f';

/** Reads a historical policy text's frontmatter without validating it. */
export function readHistoricalMeta(text: string): Record<string, unknown> {
  const split = splitFrontmatter(text);
  if (split.yaml === undefined || split.yaml.length > LIMITS.maxYamlBytes) return {};
  try {
    // Most frontmatter is plain YAML, which the fast reader takes; the full parser reads the rest.
    const data: unknown = parsePlainYaml(split.yaml)
      ?? yamlLib().parse(split.yaml, { schema: 'core', maxAliasCount: LIMITS.maxAliasCount, logLevel: 'silent', uniqueKeys: false });
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Every version of every policy under `policiesDir`, from the first-parent history of HEAD: each
 * commit where a policy's frontmatter `version` changed starts a version. Policies are followed by
 * their id, so renames keep their history; deleting a policy's last file ends its presence.
 */
export async function policyHistory(git: GitRepo, policiesDir: string): Promise<PolicyHistory> {
  const head = await git.resolve('HEAD');
  const log = await git.run([
    'log', '--first-parent', '-m', '--reverse', '--raw', '--no-renames', '--no-abbrev', '-z',
    `--format=${RECORD}%H${FIELD}%ct${FIELD}%an${FIELD}%s`, 'HEAD', '--', git.toGitPath(policiesDir),
  ]);
  interface Change { file: string; blob: string; deleted: boolean }
  interface Commit { commit: string; time: number; author: string; subject: string; changes: Change[] }
  const commits: Commit[] = [];
  for (const record of log.split(RECORD).slice(1)) {
    const nul = record.indexOf('\0');
    const header = (nul >= 0 ? record.slice(0, nul) : record).replace(/\n+$/, '');
    const [commit, ct, author, subject] = header.split(FIELD) as [string, string, string, string];
    const parts = (nul >= 0 ? record.slice(nul + 1) : '').replace(/^\n/, '').split('\0');
    const changes: Change[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const m = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) ([AMTD])/.exec(parts[i]!.trim());
      const rel = git.fromGitPath(parts[i + 1]!);
      if (!m || rel === undefined || !rel.toLowerCase().endsWith('.md') || path.posix.basename(rel).toLowerCase() === 'readme.md') continue;
      changes.push(m[3] === 'D' ? { file: rel, blob: m[1]!, deleted: true } : { file: rel, blob: m[2]!, deleted: false });
    }
    commits.push({ commit, time: Number(ct), author, subject, changes });
  }
  const blobs = await git.readBlobs(commits.flatMap((c) => c.changes.filter((x) => !x.deleted).map((x) => x.blob)));
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const versions = new Map<string, PolicyVersion[]>();
  const presence = new Map<string, Presence[]>();
  // Which policy each path holds now, and the paths each policy has now.
  const owner = new Map<string, string>();
  const files = new Map<string, Set<string>>();
  for (const c of commits) {
    const stamp: Stamp = { time: c.time, date: toIsoDate(new Date(c.time * 1000)), commit: c.commit };
    const touched = new Set<string>();
    // Additions first: a rename (a deletion and an addition in one commit) never empties a policy.
    for (const change of c.changes.filter((x) => !x.deleted)) {
      const bytes = blobs.get(change.blob);
      if (!bytes || bytes.length > LIMITS.maxFileBytes) continue;
      const text = utf8.decode(bytes).replace(/^\uFEFF/, '');
      const meta = readHistoricalMeta(text);
      const stem = path.posix.basename(change.file).replace(/\.md$/i, '');
      const id = typeof meta['id'] === 'string' && KEBAB.test(meta['id']) ? meta['id'] : stem;
      if (!KEBAB.test(id)) continue;
      const before = owner.get(change.file);
      if (before !== undefined && before !== id) files.get(before)?.delete(change.file);
      owner.set(change.file, id);
      let held = files.get(id);
      if (!held) files.set(id, (held = new Set()));
      if (!held.size) {
        let stretches = presence.get(id);
        if (!stretches) presence.set(id, (stretches = []));
        stretches.push({ added: stamp, removed: undefined });
      }
      held.add(change.file);
      touched.add(id);
      const version = meta['version'];
      if (typeof version !== 'string') continue;
      const revision: Revision = {
        commit: c.commit, time: c.time, date: stamp.date, subject: c.subject, author: c.author, file: change.file, blob: change.blob, text, meta,
      };
      let list = versions.get(id);
      if (!list) versions.set(id, (list = []));
      const last = list[list.length - 1];
      if (last && last.version === version) {
        if (last.revisions[last.revisions.length - 1]!.text !== text) last.revisions.push(revision);
      } else {
        list.push({ id, version, first: revision, revisions: [revision] });
      }
    }
    for (const change of c.changes.filter((x) => x.deleted)) {
      const id = owner.get(change.file);
      if (id === undefined) continue;
      owner.delete(change.file);
      files.get(id)?.delete(change.file);
      touched.add(id);
    }
    for (const id of touched) {
      const stretch = presence.get(id)?.at(-1);
      if (!files.get(id)?.size && stretch && !stretch.removed) stretch.removed = stamp;
    }
  }
  return { head, versions, presence };
}

/** The text a version ended with (its last revision). */
export function finalText(version: PolicyVersion): string {
  return version.revisions[version.revisions.length - 1]!.text;
}
