/**
 * What the pack reads from the approval and acknowledgement ledgers. The ledgers themselves are
 * another stage's; whoever calls buildPack maps them into these shapes. Absent means "no
 * records", which the pack says rather than leaving sections out.
 */

/** One approval decision on a policy version. */
export interface ApprovalRecord {
  policy: string;
  version: string;
  /** The content hash approved (`sha256:...`); a record for other content does not count. */
  contentHash?: string | undefined;
  /** Person id. */
  approver: string;
  decision: 'approved' | 'rejected' | (string & {});
  /** ISO 8601 instant or date. */
  time: string;
  /** Where the decision was recorded, e.g. "pull request #42" or "records/approvals.jsonl:12". */
  source?: string | undefined;
}

/** Acknowledgements of one policy version by the people who must read it. */
export interface AcknowledgementSummary {
  policy: string;
  version: string;
  /** People who had to acknowledge it. */
  required: number;
  acknowledged: number;
  /** Of those acknowledged, how many after their deadline. */
  late?: number;
  /** People still within their grace period at the end of the period. */
  pending?: number;
  /** Person ids who had not acknowledged it (by the end of the period or their grace period). */
  missing: string[];
}

/** Ledger data for the pack. */
export interface PackRecords {
  approvals?: ApprovalRecord[] | undefined;
  acknowledgements?: AcknowledgementSummary[] | undefined;
}
