import type { AcknowledgementRecord, ApprovalRecord } from '../../repo/schema/types.generated.js';
import type { LedgerKind } from './kind.js';

/** records/approvals.jsonl: who approved or rejected which exact text of a policy. */
export const APPROVALS_LEDGER: LedgerKind<ApprovalRecord> = {
  id: 'approvals', file: 'approvals.jsonl', schema: 'approval', noun: 'approval',
  describe: (r) => `${r.approver} ${r.decision} ${r.policy} ${r.version} (${r.source}, ${r.at})`,
  // A person may decide on the same text more than once (approve, reject, approve again), and the
  // latest decision wins, so only the same decision at the same instant from the same source is
  // a repeat: the same GitHub review imported on two branches.
  key: (r) => [r.approver, r.policy, r.contentHash, r.decision, r.at, r.source].join('\u0000'),
};

/** What makes two acknowledgements the same: one person, one policy, one version. */
export function ackKey(r: Pick<AcknowledgementRecord, 'person' | 'policy' | 'version'>): string {
  return `${r.person}\u0000${r.policy}\u0000${r.version}`;
}

/** records/acknowledgements.jsonl: who read and accepted which version of a policy, when and how. */
export const ACKS_LEDGER: LedgerKind<AcknowledgementRecord> = {
  id: 'acknowledgements', file: 'acknowledgements.jsonl', schema: 'acknowledgement', noun: 'acknowledgement',
  describe: (r) => `${r.person} acknowledged ${r.policy} ${r.version} (${r.source}, ${r.at})`,
  key: ackKey,
};

/** Every ledger precept keeps; `precept ledger verify` and `check` verify each one present. */
export const LEDGERS: readonly LedgerKind[] = [
  APPROVALS_LEDGER,
  ACKS_LEDGER,
];
