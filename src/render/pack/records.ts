import type { ApprovalProof } from '../../records/approvals/signature.js';
/**
 * What the pack reads from the ledgers. The CLI maps records/*.jsonl into these shapes
 * (ledger-records.ts); a library caller may pass its own. Absent means "no records", which the
 * pack says rather than leaving sections out.
 */
import type { AckEntry } from '../../records/acks/ack-index.js';

/** One approval decision on a policy version. */
export interface PackApproval {
  policy: string;
  version: string;
  /** The content hash approved (`sha256:...`); a record for other content does not count. */
  contentHash?: string | undefined;
  /** Person id. */
  approver: string;
  decision: 'approved' | 'rejected' | (string & {});
  /** When the person decided: ISO 8601 instant. */
  at: string;
  /** Where it came from, as the ledger says: `cli`, `github:<owner>/<repo>#<n>`, `import`, ... */
  source: string;
  /** Its line in the ledger. */
  line?: number | undefined;
  /** The GitHub review id, for decisions taken from a pull request. */
  review?: number | undefined;
  /** What an imported (historical) approval rests on: a ticket, minutes, an email. */
  evidence?: string | undefined;
  /** When an imported record was written (its `at` is when the person decided). */
  recorded?: string | undefined;
  /** How the record was proven to be its approver's (an SSH signature checked against the roster, a pull request review). */
  proof?: ApprovalProof | undefined;
}

/** Ledger data for the pack. */
export interface PackRecords {
  approvals?: PackApproval[] | undefined;
  /** Every acknowledgement on record (the pack judges which counted, when). */
  acknowledgements?: AckEntry[] | undefined;
  /** Where the ledgers live, for the sections that cite lines ("records/approvals.jsonl"). */
  files?: { approvals?: string; acknowledgements?: string } | undefined;
}
