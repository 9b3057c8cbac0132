import type { AcknowledgementRecord, ApprovalRecord, ReminderRecord } from '../../repo/schema/types.generated.js';
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

/** records/reminders.jsonl: which reminders `precept remind` delivered, to whom, how, for which day. */
export const REMINDERS_LEDGER: LedgerKind<ReminderRecord> = {
  id: 'reminders', file: 'reminders.jsonl', schema: 'reminder', noun: 'reminder',
  describe: (r) => `${r.person} reminded by ${r.channel} of ${r.items.length} item${r.items.length === 1 ? '' : 's'} (${r.day}, ${r.at})`,
};

/** Every ledger precept keeps; `precept ledger verify` and `check` verify each one present. */
export const LEDGERS: readonly LedgerKind[] = [
  APPROVALS_LEDGER,
  ACKS_LEDGER,
  REMINDERS_LEDGER,
];
