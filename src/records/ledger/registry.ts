import type { AcknowledgementRecord, ApprovalRecord, DistributionRecord, ReminderRecord } from '../../repo/schema/types.generated.js';
import type { LedgerKind } from './kind.js';

/** records/approvals.jsonl: who approved or rejected which exact text of a policy. */
export const APPROVALS_LEDGER: LedgerKind<ApprovalRecord> = {
  id: 'approvals', file: 'approvals.jsonl', schema: 'approval', noun: 'approval',
  describe: (r) => `${r.approver} ${r.decision} ${r.policy} ${r.version} (${r.source}, ${r.at})`,
  person: (r) => r.approver,
  key: (r) => `${r.approver}\u0000${r.policy}\u0000${r.contentHash}`,
  keyFields: ['policy', 'contentHash', 'approver'],
  sharedFields: ['contentHash'],
  // A person may change their mind on a text (approve, reject, approve again); the same decision
  // from the same source straight after is the same decision written twice, unless it now comes
  // with the SSH signature the earlier one lacked.
  repeats: (earlier, later) => earlier.decision === later.decision && earlier.source === later.source && (earlier.signature !== undefined || later.signature === undefined),
};

/** What makes two acknowledgements the same: one person, one policy, one version. */
export function ackKey(r: Pick<AcknowledgementRecord, 'person' | 'policy' | 'version'>): string {
  return `${r.person}\u0000${r.policy}\u0000${r.version}`;
}

/** records/acknowledgements.jsonl: who read and accepted which version of a policy, when and how. */
export const ACKS_LEDGER: LedgerKind<AcknowledgementRecord> = {
  id: 'acknowledgements', file: 'acknowledgements.jsonl', schema: 'acknowledgement', noun: 'acknowledgement',
  describe: (r) => `${r.person} acknowledged ${r.policy} ${r.version} (${r.source}, ${r.at})`,
  person: (r) => r.person,
  key: ackKey,
  keyFields: ['policy', 'version', 'person'],
  sharedFields: ['contentHash'],
  // One person acknowledges one version once; the first record counts.
  repeats: () => true,
};

/** records/distributions.jsonl: which copy of an auditor pack went to whom, when, under what agreement. */
export const DISTRIBUTIONS_LEDGER: LedgerKind<DistributionRecord> = {
  id: 'distributions', file: 'distributions.jsonl', schema: 'distribution', noun: 'distribution',
  describe: (r) => `copy ${r.copy} of the ${r.period.from}..${r.period.to} pack for ${r.recipient} (${r.by}, ${r.at})`,
  // Who made the copy: free text (a name and email), as the pack's cover names its preparer.
  person: (r) => r.by,
  key: (r) => r.copy,
  keyFields: ['copy'],
  // One copy id names one file: a second record of it is the same copy written twice.
  repeats: () => true,
};

/** records/reminders.jsonl: which reminders `precept remind` delivered, to whom, how, for which day. */
export const REMINDERS_LEDGER: LedgerKind<ReminderRecord> = {
  id: 'reminders', file: 'reminders.jsonl', schema: 'reminder', noun: 'reminder',
  describe: (r) => `${r.person} reminded by ${r.channel} of ${r.items.length} item${r.items.length === 1 ? '' : 's'} (${r.day}, ${r.at})`,
  person: (r) => r.person,
  key: (r) => `${r.person}\u0000${r.channel}\u0000${r.day}`,
  keyFields: ['channel', 'day', 'person'],
  // One reminder per person, channel and day; a second is a run that raced past the first's check.
  repeats: () => true,
};

/** Every ledger precept keeps; `precept ledger verify` and `check` verify each one present. */
export const LEDGERS: readonly LedgerKind[] = [
  APPROVALS_LEDGER,
  ACKS_LEDGER,
  DISTRIBUTIONS_LEDGER,
  REMINDERS_LEDGER,
];
