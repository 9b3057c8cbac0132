import { loadAckModel, type LoadedAckModel } from '../../records/acks/model.js';
import { ackShares, type AckShareView } from '../../records/acks/shares.js';
import type { PolicyTimeline, TimelineVersion } from '../../history/timeline/model.js';
import { approvalOverview, type PolicyApprovals } from '../../records/approvals/overview.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { Project } from '../../repo/project/types.js';
import { indexTimelines, type VersionIndex } from './version-index.js';
import type { PolicyAckView } from './views.js';

/** What a build reads from records/, once: the approval overview and the acknowledgement model. */
export interface LedgerData {
  /** approvalOverview by policy id: the current text's standing and every decision on the policy. */
  approvals: Map<string, PolicyApprovals>;
  /** False when records/approvals.jsonl failed verification. */
  approvalsIntact: boolean;
  acks: LoadedAckModel;
}

/**
 * Reads both ledgers (verified, and checked against HEAD) and builds the acknowledgement model
 * over the build's history index (which keeps each past version's statuses and content hashes,
 * so history is not read from git twice). Depends only on the repo, never on the clock.
 */
export async function readLedgerData(project: Project, history: Promise<VersionIndex> | undefined): Promise<LedgerData> {
  const past = history?.then(indexTimelines);
  const [overview, acks] = await Promise.all([approvalOverview(project), past ? past.then((p) => loadAckModel(project, p)) : loadAckModel(project)]);
  return { approvals: new Map(overview.policies.map((p) => [p.policy, p])), approvalsIntact: overview.intact, acks };
}

/** The acknowledgement figures of a build, for the policies of `order`: the home page's bars and each policy's share, as of one day. */
export function ackFigures(ledgers: LedgerData, asOf: IsoDate, order: readonly string[]): { shares: AckShareView; byPolicy: (id: string) => PolicyAckView } {
  const view = ackShares(ledgers.acks, asOf);
  const rank = new Map(order.map((id, i) => [id, i]));
  // Only the policies of the register: a public build's leaves the restricted ones out.
  const policies = view.policies.filter((p) => rank.has(p.policy)).sort((a, b) => (rank.get(a.policy) ?? Infinity) - (rank.get(b.policy) ?? Infinity));
  const byId = new Map(policies.map((p) => [p.policy, p]));
  return {
    shares: { ...view, policies },
    byPolicy: (id) => ({ asOf, intact: view.intact, share: byId.get(id) }),
  };
}

/** A policy's versions as its timeline has them, from git and the working tree (oldest first). */
export function knownVersions(ledgers: LedgerData, policy: string): readonly TimelineVersion[] {
  return timelineOf(ledgers, policy)?.versions ?? [];
}

/** A policy's timeline (docs/timeline.md): history and the working tree. */
export function timelineOf(ledgers: LedgerData, policy: string): PolicyTimeline | undefined {
  return ledgers.acks.timelines.find((t) => t.policy === policy);
}

/**
 * The content hash of the final text of the version at `index` of a policy's version list, which
 * lists the same versions as the acknowledgement model (both follow HEAD's first-parent history,
 * then the working tree); undefined when its text was unreadable.
 */
export function versionHash(known: readonly TimelineVersion[], index: number, version: string): string | undefined {
  const at = known[index]?.version === version ? known[index] : [...known].reverse().find((k) => k.version === version);
  return at?.texts[at.texts.length - 1]?.hash;
}
