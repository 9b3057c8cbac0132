import { realpathSync, statSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { bodyLinks, linkTarget, repoPath, withFullParsers } from '../../markdown/link-scan.js';
import type { Policy } from '../project/types.js';

/** A file of the repo that a policy links to or shows (an image, a form, another document). */
export interface RepoFile {
  /** POSIX path from the repo root. */
  file: string;
  kind: 'file' | 'folder';
  size: number;
}

/**
 * Looks up every file the policies' bodies refer to (links and images), so rules can tell a
 * missing file from a present one without touching the disk. Where one is missing, the files of
 * the folder it was looked for in (or of the policy's own folder) are listed too, for the
 * did-you-mean. Symlinks that lead out of the repo count as missing: their files are never published.
 */
export async function loadReferencedFiles(root: string, policies: readonly Policy[]): Promise<Map<string, RepoFile>> {
  const wanted = new Map<string, string>();
  for (const policy of policies) {
    const dir = path.posix.dirname(policy.file);
    for (const link of await withFullParsers(() => bodyLinks(policy.body))) {
      const target = linkTarget(link.url);
      if (target.kind !== 'file') continue;
      const file = repoPath(dir, target);
      if (file !== undefined && file !== '.') wanted.set(file, dir);
    }
  }
  const rootReal = await realpath(root);
  const found = new Map<string, RepoFile>();
  // Synchronous calls: one realpath and one stat per file, each far cheaper than a round trip
  // through the thread pool (a large repo links to thousands of files).
  const look = (file: string): RepoFile | undefined => {
    let real: string;
    try {
      real = realpathSync.native(path.join(root, file));
    } catch {
      return undefined;
    }
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return undefined;
    let info;
    try {
      info = statSync(real);
    } catch {
      return undefined;
    }
    if (info.isFile()) return { file, kind: 'file', size: info.size };
    if (info.isDirectory()) return { file, kind: 'folder', size: 0 };
    return undefined;
  };
  const missingIn = new Set<string>();
  for (const [file, from] of wanted) {
    const hit = look(file);
    if (hit) found.set(file, hit);
    else missingIn.add(path.posix.dirname(file)).add(from);
  }
  // Near a missing file: the files of its folder and the linking policy's folder, one level down.
  const listed = new Set<string>();
  const list = async (dir: string, depth: number): Promise<void> => {
    if (listed.has(dir) || dir.startsWith('..')) return;
    listed.add(dir);
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries.slice(0, 500)) {
      if (e.name.startsWith('.')) continue;
      const file = dir === '.' ? e.name : `${dir}/${e.name}`;
      if (e.isFile() && !found.has(file)) {
        const hit = look(file);
        if (hit) found.set(file, hit);
      } else if (e.isDirectory() && depth > 0) await list(file, depth - 1);
    }
  };
  for (const dir of missingIn) await list(dir, 1);
  return found;
}
