import path from 'node:path';
import { toIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import type { GitRepo } from '../../history/git.js';

/** When a policy file was deleted, by root-relative path (every deletion, oldest first). */
export type Removals = Map<string, { time: number; date: IsoDate; commit: string }[]>;

/** Policy files deleted on HEAD's first-parent history: a deleted policy stops being in force. */
export async function policyRemovals(git: GitRepo, policiesDir: string): Promise<Removals> {
  const out = await git.run([
    'log', '--first-parent', '--reverse', '--diff-filter=D', '--no-renames', '--name-only', '-z',
    '--format=%x1e%H %ct', 'HEAD', '--', git.toGitPath(policiesDir),
  ]);
  const removals: Removals = new Map();
  for (const record of out.split('\x1e').slice(1)) {
    const [header, ...files] = record.split(/\n|\0/).filter((s) => s !== '');
    const [commit, ct] = (header ?? '').split(' ');
    if (!commit || !ct) continue;
    const time = Number(ct);
    for (const gitPath of files) {
      const rel = git.fromGitPath(gitPath);
      if (rel === undefined || !rel.toLowerCase().endsWith('.md') || path.posix.basename(rel).toLowerCase() === 'readme.md') continue;
      let list = removals.get(rel);
      if (!list) removals.set(rel, (list = []));
      list.push({ time, date: toIsoDate(new Date(time * 1000)), commit });
    }
  }
  return removals;
}
