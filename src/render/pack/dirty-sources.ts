import type { ResolvedConfig } from '../../repo/config/config.js';
import type { GitRepo } from '../../history/git.js';

/** Source folders with uncommitted changes: a pack is of a commit, so these would not be in it. */
export async function dirtySources(git: GitRepo, config: ResolvedConfig): Promise<string[]> {
  const { paths, file } = config;
  const candidates = [file, paths.people, paths.policies, paths.controls, paths.frameworks, paths.records, paths.site].filter((p): p is string => Boolean(p));
  const dirty: string[] = [];
  for (const p of candidates) {
    if (p !== paths.records) {
      if (await git.isDirty(p)) dirty.push(p);
      continue;
    }
    // A copy recorded in records/distributions.jsonl changes nothing a pack holds.
    const changed = await git.changedFiles(p);
    if (changed.some((f) => f !== `${paths.records}/distributions.jsonl`)) dirty.push(p);
  }
  return dirty;
}
