import { loadedPolicyHash } from '../../repo/content-hash/content-hash.js';
import type { LedgerEntry } from '../ledger/parse.js';
import type { ValidPolicy } from '../../repo/project/types.js';
import type { ApprovalRecord } from '../../repo/schema/types.generated.js';

/** An approval record and the ledger line it is on. */
export type ApprovalEntry = LedgerEntry<ApprovalRecord>;

/** Where one required approver stands on a policy's current text. */
export interface ApproverState {
  person: string;
  /**
   * approved / rejected: their latest decision on this exact text. stale: they decided on
   * another text of the policy (an earlier version, or this version before an edit). missing:
   * no decision on record.
   */
  state: 'approved' | 'rejected' | 'stale' | 'missing';
  /** The record behind approved/rejected. */
  decision?: ApprovalEntry;
  /** For stale: their latest decision on another text. */
  previous?: ApprovalEntry;
}

/** Whether a policy's current text carries every approval it needs, and who decided what, when. */
export interface PolicyApprovalStatus {
  policy: string;
  version: string;
  contentHash: string;
  approvers: ApproverState[];
  /** Every listed approver approved this exact text. */
  complete: boolean;
  /** Decisions on this text by people who are not listed approvers (they do not count). */
  others: ApprovalEntry[];
}

/** Approval records grouped by policy id, in ledger order. */
export function approvalsByPolicy(entries: readonly ApprovalEntry[]): Map<string, ApprovalEntry[]> {
  const out = new Map<string, ApprovalEntry[]>();
  for (const entry of entries) {
    const list = out.get(entry.record.policy);
    if (list) list.push(entry);
    else out.set(entry.record.policy, [entry]);
  }
  return out;
}

/** The content hash approvals of a loaded policy must carry. */
export function currentHash(policy: ValidPolicy, defaultFramework: string): string {
  // Rules, the approval overview, the acknowledgement model and timelines all ask: hash each text once.
  return loadedPolicyHash(policy, defaultFramework);
}

/**
 * Where a policy's current text stands: for each listed approver, their latest decision (by
 * ledger order; a correction is a later record) on exactly this content hash.
 */
export function approvalStatus(policy: ValidPolicy, contentHash: string, records: readonly ApprovalEntry[] = []): PolicyApprovalStatus {
  return textApprovalStatus({ policy: policy.id, version: policy.meta.version, approvers: policy.meta.approvers ?? [] }, contentHash, records);
}

/**
 * Where one text of a policy stands (its current text, or an earlier version's): approvalStatus
 * for a text given by its version, its listed approvers and its content hash.
 */
export function textApprovalStatus(
  text: { policy: string; version: string; approvers: readonly string[] },
  contentHash: string,
  records: readonly ApprovalEntry[] = [],
): PolicyApprovalStatus {
  const { approvers } = text;
  const states = approvers.map((person): ApproverState => {
    let decision: ApprovalEntry | undefined;
    let previous: ApprovalEntry | undefined;
    for (const entry of records) {
      if (entry.record.approver !== person) continue;
      if (entry.record.contentHash === contentHash) decision = entry;
      else previous = entry;
    }
    if (decision) return { person, state: decision.record.decision, decision };
    return previous ? { person, state: 'stale', previous } : { person, state: 'missing' };
  });
  const others = records.filter((e) => e.record.contentHash === contentHash && !approvers.includes(e.record.approver));
  return {
    policy: text.policy,
    version: text.version,
    contentHash,
    approvers: states,
    complete: states.length > 0 && states.every((s) => s.state === 'approved'),
    others,
  };
}
