import { failure } from '../core/i18n/failure.js';
import type { GitRepo } from './git.js';

/**
 * The time a build says it was made: SOURCE_DATE_EPOCH when set (reproducible-builds.org),
 * else the HEAD commit's time, else undefined (no git): never the clock, so the same inputs give
 * the same bytes.
 */
export async function buildTime(env: Readonly<Record<string, string | undefined>>, git: GitRepo | undefined): Promise<Date | undefined> {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw failure('git.source-date-epoch', { value: epoch });
    return new Date(Number(epoch) * 1000);
  }
  if (git) return new Date((await git.commitTime('HEAD')) * 1000);
  return undefined;
}
