import { loadAckModel } from '../../records/acks/model.js';
import { acknowledgementPeriod } from '../../records/acks/period.js';
import type { AckRequirement } from '../../records/acks/requirements.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { projectLedger } from '../../records/ledger/project-ledgers.js';
import { ACKS_LEDGER, APPROVALS_LEDGER } from '../../records/ledger/registry.js';
import type { Project } from '../../repo/project/types.js';
import type { AcknowledgementSummary, ApprovalRecord, PackRecords } from './records.js';
import type { VersionInForce } from './in-force.js';

const major = (version: string) => version.split('.')[0];

/** Every approval decision in records/approvals.jsonl, each with where it was recorded. */
async function approvalRecords(project: Project): Promise<ApprovalRecord[] | undefined> {
  const ledger = await projectLedger(project, APPROVALS_LEDGER);
  if (!ledger.exists) return undefined;
  return ledger.entries.map(({ record, line }) => ({
    policy: record.policy,
    version: record.version,
    contentHash: record.contentHash,
    approver: record.approver,
    decision: record.decision,
    time: record.at,
    // A decision made before precept says so, with its evidence and when it was recorded.
    source: record.source === 'import'
      ? `made before precept, recorded ${record.recorded?.slice(0, 10) ?? ''}; evidence: ${record.evidence ?? ''} (${ledger.file}:${line})`
      : `${record.source} (${ledger.file}:${line})`,
  }));
}

/**
 * Acknowledgements of each version in force, by the rules of `precept acks status` judged over
 * the period: an acknowledgement of a MAJOR version counts for every later version of it, so
 * versions of one MAJOR series share their figures.
 */
async function acknowledgementSummaries(project: Project, versions: readonly VersionInForce[], from: IsoDate, to: IsoDate): Promise<AcknowledgementSummary[] | undefined> {
  const ledger = await projectLedger(project, ACKS_LEDGER);
  if (!ledger.exists) return undefined;
  const report = acknowledgementPeriod(await loadAckModel(project), from, to);
  const byPolicy = new Map(report.policies.map((p) => [p.policy, p.requirements]));
  // Policies no longer in the repository have no acknowledgement timeline: no figures for them.
  return versions.filter((v) => byPolicy.has(v.id)).map((v) => {
    const owed: AckRequirement[] = (byPolicy.get(v.id) ?? []).filter((r) => major(r.step.version) === major(v.version) && r.state !== 'lapsed');
    const acknowledged = owed.filter((r) => r.state === 'acknowledged');
    return {
      policy: v.id,
      version: v.version,
      required: owed.length,
      acknowledged: acknowledged.length,
      late: acknowledged.filter((r) => r.late).length,
      pending: owed.filter((r) => r.state === 'pending').length,
      missing: owed.filter((r) => r.state === 'overdue').map((r) => r.person).sort(),
    };
  });
}

/**
 * The pack's view of the ledgers. A repo without a ledger file yields no records for it, which
 * the pack says ("No approval records") instead of leaving the section out.
 */
export async function packRecordsFromLedgers(project: Project, versions: readonly VersionInForce[], from: IsoDate, to: IsoDate): Promise<PackRecords> {
  const [approvals, acknowledgements] = await Promise.all([approvalRecords(project), acknowledgementSummaries(project, versions, from, to)]);
  return { ...(approvals ? { approvals } : {}), ...(acknowledgements ? { acknowledgements } : {}) };
}
