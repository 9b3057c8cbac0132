import type { AcknowledgementRecord, ApprovalRecord, DistributionRecord } from '../../repo/schema/types.generated.js';
import type { LedgerKind } from './kind.js';

/** records/approvals.jsonl: who approved or rejected which exact text of a policy. */
export const APPROVALS_LEDGER: LedgerKind<ApprovalRecord> = {
  id: 'approvals', file: 'approvals.jsonl', schema: 'approval', noun: 'approval',
  describe: (r) => `${r.approver} ${r.decision} ${r.policy} ${r.version} (${r.source}, ${r.at})`,
};

/** records/acknowledgements.jsonl: who read and accepted which version of a policy, when and how. */
export const ACKS_LEDGER: LedgerKind<AcknowledgementRecord> = {
  id: 'acknowledgements', file: 'acknowledgements.jsonl', schema: 'acknowledgement', noun: 'acknowledgement',
  describe: (r) => `${r.person} acknowledged ${r.policy} ${r.version} (${r.source}, ${r.at})`,
};

/** records/distributions.jsonl: which copy of an auditor pack went to whom, when, under what agreement. */
export const DISTRIBUTIONS_LEDGER: LedgerKind<DistributionRecord> = {
  id: 'distributions', file: 'distributions.jsonl', schema: 'distribution', noun: 'distribution',
  describe: (r) => `copy ${r.copy} of the ${r.period.from}..${r.period.to} pack for ${r.recipient} (${r.by}, ${r.at})`,
};

/** Every ledger precept keeps; `precept ledger verify` and `check` verify each one present. */
export const LEDGERS: readonly LedgerKind[] = [
  APPROVALS_LEDGER,
  ACKS_LEDGER,
  DISTRIBUTIONS_LEDGER,
];
