import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_FILES, loadConfig } from '../repo/config/config.js';
import { loadProject, type LoadResult } from '../repo/load/load-project.js';
import { LIMITS } from '../repo/load/limits.js';
import type { GitRepo } from './git.js';

/** Regular files (not symlinks or submodules) under the policy root at a ref: root-relative path -> blob. */
async function regularFiles(git: GitRepo, ref: string): Promise<Map<string, string>> {
  const out = await git.run(['ls-tree', '-r', '-z', '--full-tree', ref, '--', git.prefix || '.']);
  const files = new Map<string, string>();
  for (const entry of out.split('\0')) {
    const m = /^(100644|100755) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    const rel = m ? git.fromGitPath(m[3]!) : undefined;
    if (m && rel !== undefined) files.set(rel, m[2]!);
  }
  return files;
}

const under = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`);

/**
 * Loads the policy repo as it was at a ref: its config, roster, policies, controls and
 * catalogues are written to a temporary folder (removed afterwards) and loaded like a working
 * tree, so everything that works on a Project works on history too. With `theme`, its site/
 * folder (the theme overrides) is written too, for templates as the ref has them.
 */
export async function withProjectAtRef<T>(git: GitRepo, ref: string, use: (loaded: LoadResult) => Promise<T>, options: { theme?: boolean } = {}): Promise<T> {
  const commit = await git.resolve(ref);
  const files = await regularFiles(git, commit);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-at-ref-'));
  try {
    const write = async (wanted: (file: string) => boolean) => {
      const picked = [...files].filter(([file]) => wanted(file));
      const blobs = await git.readBlobs(picked.map(([, sha]) => sha));
      for (const [file, sha] of picked) {
        const bytes = blobs.get(sha);
        if (!bytes || bytes.length > LIMITS.maxFileBytes) continue;
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), bytes);
      }
    };
    await write((file) => (CONFIG_FILES as readonly string[]).includes(file));
    const { paths } = await loadConfig(dir);
    const dirs = [paths.policies, paths.controls, paths.frameworks, ...(options.theme ? [paths.site] : [])];
    await write((file) => file === paths.people || dirs.some((d) => under(file, d)));
    return await use(await loadProject(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
