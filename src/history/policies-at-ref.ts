import path from 'node:path';
import { policyContentHash } from '../repo/content-hash/content-hash.js';
import { splitFrontmatter } from '../repo/load/frontmatter.js';
import { LIMITS } from '../repo/load/limits.js';
import type { GitRepo } from './git.js';
import { readHistoricalMeta } from './versions.js';

/** A policy file as committed at some ref, read leniently (it may predate today's schema). */
export interface CommittedPolicy {
  id: string;
  /** Root-relative path at that ref. */
  file: string;
  text: string;
  meta: Record<string, unknown>;
  body: string;
  version: string | undefined;
  /** The content hash of this text (docs/content-hash.md). */
  hash: string;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Parses one committed policy text (`meta`: its frontmatter when already read with readHistoricalMeta). */
export function committedPolicy(file: string, text: string, defaultFramework: string, meta = readHistoricalMeta(text)): CommittedPolicy | undefined {
  const stem = path.posix.basename(file).replace(/\.md$/i, '');
  const id = typeof meta['id'] === 'string' && KEBAB.test(meta['id']) ? meta['id'] : stem;
  if (!KEBAB.test(id)) return undefined;
  const body = splitFrontmatter(text).body;
  const version = typeof meta['version'] === 'string' ? meta['version'] : undefined;
  return { id, file, text, meta, body, version, hash: policyContentHash(meta, id, body, defaultFramework) };
}

/** Every policy under `policiesDir` at a ref, by id (the first file wins when two share an id). */
export async function policiesAtRef(git: GitRepo, ref: string, policiesDir: string, defaultFramework: string): Promise<Map<string, CommittedPolicy>> {
  const files = [...(await git.listFiles(ref, policiesDir))]
    .filter(([file]) => file.toLowerCase().endsWith('.md') && path.posix.basename(file).toLowerCase() !== 'readme.md')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const blobs = await git.readBlobs(files.map(([, sha]) => sha));
  const out = new Map<string, CommittedPolicy>();
  for (const [file, sha] of files) {
    const bytes = blobs.get(sha);
    if (!bytes || bytes.length > LIMITS.maxFileBytes) continue;
    const policy = committedPolicy(file, utf8.decode(bytes).replace(/^\uFEFF/, ''), defaultFramework);
    if (policy && !out.has(policy.id)) out.set(policy.id, policy);
  }
  return out;
}
