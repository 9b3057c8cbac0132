import { textApprovalStatus } from '../../records/approvals/status.js';
import type { PolicyApprovals } from '../../records/approvals/overview.js';
import { spansOf } from '../../history/timeline/in-force.js';
import type { PolicyTimeline, TimelineVersion } from '../../history/timeline/model.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { ValidPolicy } from '../../repo/project/types.js';
import { policyLanguage } from '../../repo/project/language.js';
import { reviewState } from '../../repo/review-schedule/schedule.js';
import { approvalsView } from './approval-view.js';
import { versionHash } from './ledgers.js';
import type { Lookups } from './lookups.js';
import { versionList, type RedlineSettings } from './version-list.js';
import type { HistoricalVersion } from './version-index.js';
import type { PolicyAckView, PolicyView, VersionInForceView, VersionView } from './views.js';

/** What the ledgers say about one policy. */
export interface PolicyLedgers {
  /** approvalOverview's entry for the policy. */
  approvals: PolicyApprovals;
  approvalsIntact: boolean;
  /** Its versions as the acknowledgement model knows them (for the content hash of each version's text). */
  known: readonly TimelineVersion[];
  /** Its timeline, for whether each version is in force (undefined: treat the current one as the only one known). */
  timeline: PolicyTimeline | undefined;
  acknowledgements: PolicyAckView;
}

/** Where the version at `index` of a policy's list stands on a day, by its timeline. */
function inForceOn(t: PolicyTimeline | undefined, index: number, version: string, day: IsoDate): VersionInForceView {
  const none: VersionInForceView = { state: 'never', from: undefined, until: undefined, end: undefined };
  if (!t || t.versions[index]?.version !== version) return none;
  const mine = spansOf(t).filter((s) => s.index === index);
  const now = mine.find((s) => s.from <= day && (s.until === undefined || day < s.until));
  if (now) return { state: 'in-force', from: now.from, until: now.until, end: now.end };
  const later = mine.find((s) => s.from > day);
  if (later) return { state: 'upcoming', from: later.from, until: undefined, end: undefined };
  const past = mine[mine.length - 1];
  return past ? { state: 'was', from: past.from, until: past.until, end: past.end } : none;
}

/** The view of one policy: its metadata resolved against the roster and catalogues, and its versions. */
export function policyView(
  policy: ValidPolicy,
  history: readonly HistoricalVersion[],
  lookups: Lookups,
  options: { asOf: IsoDate; dueSoonDays: number; defaultFramework: string; locale: string; redline: RedlineSettings },
  ledgers: PolicyLedgers,
): Omit<PolicyView, 'relatedBy'> {
  const meta = policy.meta;
  const records = ledgers.approvals.history;
  const approvals = approvalsView(ledgers.approvals, records, { current: true, intact: ledgers.approvalsIntact, lookups });
  const versions = versionList(policy, history, options.redline, options.defaultFramework).map((v, i): VersionView => ({ ...v, inForce: inForceOn(ledgers.timeline, i, v.version, options.asOf) })).map((v, i): VersionView => {
    if (v.current) return { ...v, approvals };
    const hash = versionHash(ledgers.known, i, v.version);
    if (hash === undefined) return v;
    const status = textApprovalStatus({ policy: policy.id, version: v.version, approvers: v.approverIds }, hash, records);
    return { ...v, approvals: approvalsView(status, records, { current: false, intact: ledgers.approvalsIntact, lookups }) };
  });
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
      last: meta.review.last,
    },
    lang: policyLanguage(policy, options.locale),
    translationOf: meta.translationOf,
    audience: (meta.audience ?? []).map((id) => lookups.group(id)),
    criteria: lookups.criteria(policy.criteria),
    controls: (meta.controls ?? []).map((id) => lookups.control(id)),
    related: (meta.related ?? []).map((id) => lookups.policy(id)),
    contentHash: ledgers.approvals.contentHash,
    versions,
    current: versions[versions.length - 1]!,
    approvals,
    acknowledgements: ledgers.acknowledgements,
  };
}
