import { toIsoDate, type IsoDate } from '../core/dates/calendar.js';
import type { GitRepo } from './git.js';

/** A commit and when it was made. */
export interface DatedCommit {
  commit: string;
  /** Commit time, seconds since the epoch, and its UTC date. */
  time: number;
  date: IsoDate;
}

function dated(line: string): DatedCommit | undefined {
  const [commit, ct] = line.trim().split(' ');
  if (!commit || !ct) return undefined;
  const time = Number(ct);
  return { commit, time, date: toIsoDate(new Date(time * 1000)) };
}

/**
 * The repository as it stood at the end of a day: the last commit on HEAD's first-parent line
 * made by then (UTC), or undefined when every commit is later.
 */
export async function commitByEndOf(git: GitRepo, day: IsoDate): Promise<DatedCommit | undefined> {
  const out = await git.run(['log', '--first-parent', '-1', `--before=${day}T23:59:59Z`, '--format=%H %ct', 'HEAD']);
  return dated(out);
}

/** The first commit on HEAD's first-parent line: where the repository's recorded history begins. */
export async function firstCommit(git: GitRepo): Promise<DatedCommit> {
  const out = await git.run(['log', '--first-parent', '--reverse', '--format=%H %ct', 'HEAD']);
  return dated(out.slice(0, out.indexOf('\n') >= 0 ? out.indexOf('\n') : undefined))!;
}

/** HEAD and when it was committed. */
export async function headCommit(git: GitRepo): Promise<DatedCommit> {
  return dated(await git.run(['log', '-1', '--format=%H %ct', 'HEAD']))!;
}
