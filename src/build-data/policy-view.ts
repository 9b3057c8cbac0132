import { policyContentHash } from '../content-hash/content-hash.js';
import type { IsoDate } from '../dates/calendar.js';
import type { ValidPolicy } from '../project/types.js';
import { reviewState } from '../review/schedule.js';
import type { Lookups } from './lookups.js';
import { versionList } from './version-list.js';
import type { HistoricalVersion } from './version-index.js';
import type { PolicyView } from './views.js';

const CYCLES: Record<string, string> = { annual: 'Annual', semiannual: 'Every 6 months', quarterly: 'Quarterly', monthly: 'Monthly' };

/** "Every 18 months" for P18M; the named cycles as words. */
export function cycleLabel(cycle: string): string {
  const named = CYCLES[cycle];
  if (named) return named;
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(cycle);
  if (!m) return cycle;
  const units = ['year', 'month', 'week', 'day'];
  const parts = [m[1], m[2], m[3], m[4]].map((n, i) => (n ? `${n} ${units[i]}${n === '1' ? '' : 's'}` : '')).filter(Boolean);
  return `Every ${parts.join(' ')}`;
}

/** The view of one policy: its metadata resolved against the roster and catalogues, and its versions. */
export function policyView(
  policy: ValidPolicy,
  history: readonly HistoricalVersion[],
  lookups: Lookups,
  options: { asOf: IsoDate; dueSoonDays: number; defaultFramework: string },
): Omit<PolicyView, 'relatedBy'> {
  const meta = policy.meta;
  const versions = versionList(policy, history);
  return {
    id: policy.id,
    file: policy.file,
    title: meta.title,
    summary: meta.summary,
    aliases: meta.aliases ?? [],
    version: meta.version,
    status: meta.status,
    classification: meta.classification,
    effective: meta.effective,
    owner: lookups.person(meta.owner),
    approvers: (meta.approvers ?? []).map((id) => lookups.person(id)),
    review: {
      ...reviewState(meta, options.asOf, options.dueSoonDays),
      cycle: meta.review.cycle,
      cycleLabel: cycleLabel(meta.review.cycle),
      last: meta.review.last,
    },
    audience: (meta.audience ?? []).map((id) => lookups.group(id)),
    criteria: lookups.criteria(policy.criteria),
    controls: (meta.controls ?? []).map((id) => lookups.control(id)),
    related: (meta.related ?? []).map((id) => lookups.policy(id)),
    contentHash: policyContentHash(meta as unknown as Record<string, unknown>, policy.id, policy.body, options.defaultFramework),
    versions,
    current: versions[versions.length - 1]!,
    approvals: undefined,
    acknowledgements: undefined,
  };
}
