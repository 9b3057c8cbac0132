import { projectLedger } from '../ledger/project-ledgers.js';
import { APPROVALS_LEDGER } from '../ledger/registry.js';
import type { Project } from '../project/types.js';
import type { ApprovalRecord, PackRecords } from './records.js';

/**
 * The pack's view of the ledgers: every approval decision in records/approvals.jsonl, each
 * with where it was recorded. A repo without the ledger file yields no records, which the pack
 * says ("No approval records") instead of leaving the section out.
 */
export async function packRecordsFromLedgers(project: Project): Promise<PackRecords> {
  const ledger = await projectLedger(project, APPROVALS_LEDGER);
  if (!ledger.exists) return {};
  const approvals: ApprovalRecord[] = ledger.entries.map(({ record, line }) => ({
    policy: record.policy,
    version: record.version,
    contentHash: record.contentHash,
    approver: record.approver,
    decision: record.decision,
    time: record.at,
    source: `${record.source} (${ledger.file}:${line})`,
  }));
  return { approvals };
}
