import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { toIsoDate, type IsoDate } from '../core/dates/calendar.js';
import { splitFrontmatter } from '../repo/load/frontmatter.js';
import { LIMITS } from '../repo/load/limits.js';
import { parsePlainYaml } from '../repo/load/plain-yaml.js';
import type { GitRepo } from './git.js';

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

/** Policy versions from git history, by policy id, oldest first. */
export interface PolicyHistory {
  head: string;
  versions: Map<string, PolicyVersion[]>;
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
      ?? parseYaml(split.yaml, { schema: 'core', maxAliasCount: LIMITS.maxAliasCount, logLevel: 'silent', uniqueKeys: false });
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Every version of every policy under `policiesDir`, from the first-parent history of HEAD: each
 * commit where a policy's frontmatter `version` changed starts a version. Policies are followed by
 * their id, so renames keep their history.
 */
export async function policyHistory(git: GitRepo, policiesDir: string): Promise<PolicyHistory> {
  const head = await git.resolve('HEAD');
  const log = await git.run([
    'log', '--first-parent', '-m', '--reverse', '--raw', '--no-renames', '--no-abbrev', '-z',
    `--format=${RECORD}%H${FIELD}%ct${FIELD}%an${FIELD}%s`, 'HEAD', '--', git.toGitPath(policiesDir),
  ]);
  interface Change { commit: string; time: number; author: string; subject: string; file: string; blob: string }
  const changes: Change[] = [];
  for (const record of log.split(RECORD).slice(1)) {
    const nul = record.indexOf('\0');
    const header = (nul >= 0 ? record.slice(0, nul) : record).replace(/\n+$/, '');
    const [commit, ct, author, subject] = header.split(FIELD) as [string, string, string, string];
    const parts = (nul >= 0 ? record.slice(nul + 1) : '').replace(/^\n/, '').split('\0');
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const m = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) ([AMT])/.exec(parts[i]!.trim());
      const rel = git.fromGitPath(parts[i + 1]!);
      if (!m || rel === undefined || !rel.toLowerCase().endsWith('.md') || path.posix.basename(rel).toLowerCase() === 'readme.md') continue;
      changes.push({ commit, time: Number(ct), author, subject, file: rel, blob: m[1]! });
    }
  }
  const blobs = await git.readBlobs(changes.map((c) => c.blob));
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const versions = new Map<string, PolicyVersion[]>();
  for (const change of changes) {
    const bytes = blobs.get(change.blob);
    if (!bytes || bytes.length > LIMITS.maxFileBytes) continue;
    const text = utf8.decode(bytes).replace(/^\uFEFF/, '');
    const meta = readHistoricalMeta(text);
    const stem = path.posix.basename(change.file).replace(/\.md$/i, '');
    const id = typeof meta['id'] === 'string' && KEBAB.test(meta['id']) ? meta['id'] : stem;
    const version = meta['version'];
    if (typeof version !== 'string' || !KEBAB.test(id)) continue;
    const revision: Revision = {
      commit: change.commit, time: change.time, date: toIsoDate(new Date(change.time * 1000)),
      subject: change.subject, author: change.author, file: change.file, blob: change.blob, text, meta,
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
  return { head, versions };
}

/** The text a version ended with (its last revision). */
export function finalText(version: PolicyVersion): string {
  return version.revisions[version.revisions.length - 1]!.text;
}
