import { GitRepo } from '../../history/git.js';
import { loadMessages, sayIn } from '../../core/i18n/messages.js';
import { policyHistory } from '../../history/versions.js';
import { isActive } from '../../repo/project/roster.js';
import type { Person } from '../../repo/schema/types.generated.js';
import type { Project, ValidPolicy } from '../../repo/project/types.js';
import type { AckTime } from '../acks/ack-time.js';

/**
 * When each policy's current version was first committed (ms since the epoch), or nothing for
 * policies whose current version is not in git yet. One read of the history for many policies.
 */
export async function currentVersionsSince(project: Project): Promise<Map<string, number>> {
  const since = new Map<string, number>();
  const git = await GitRepo.open(project.root);
  if (!git) return since;
  const history = await policyHistory(git, project.config.paths.policies);
  for (const policy of project.policies) {
    const version = history.versions.get(policy.id)?.find((v) => v.version === policy.meta?.version);
    if (version) since.set(policy.id, version.first.time * 1000);
  }
  return since;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Why a decision said to have been made at `at`, before precept, cannot be recorded as such, or
 * undefined when it can. It must lie in the past, at a time the person was on staff, and before
 * the policy's current version was first committed: from then on precept was there to record
 * it when it happened (`precept approve`, or the pull request's review), and a later date
 * would let a record claim to predate what it approved in git. Said in `locale`.
 */
export function historicalProblem(policy: ValidPolicy, person: Person, at: AckTime, now: number, versionSince: number | undefined, locale = 'en'): string | undefined {
  const say = (key: string, values: Record<string, string>) => sayIn(locale, `csv-import.approvals.${key}`, values);
  const date = (iso: string) => loadMessages(locale).reportDate(iso);
  if (at.instant > now) return say('future', { time: at.dayOnly ? at.date : at.iso });
  if (!isActive(person, at.date)) return say('off-staff', { person: person.id, date: date(at.date) });
  if (versionSince !== undefined && (at.dayOnly ? at.date > day(versionSince) : at.instant > versionSince)) {
    return say('in-git', { policy: policy.id, version: policy.meta.version, since: date(day(versionSince)) });
  }
  return undefined;
}
