import type { ApprovalEntry, PolicyApprovalStatus } from '../../records/approvals/status.js';
import type { Lookups } from './lookups.js';
import type { ApprovalDecisionView, ApprovalsView } from './views.js';

/** How pages name where a decision came from, and a link to the pull request. */
export function approvalSource(source: string): { label: string; href: string | undefined; pr: string | undefined } {
  // The schema allows only `cli`, `import` and `github:<owner>/<repo>#<n>` with safe characters.
  const pr = /^github:([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)#(\d+)$/.exec(source);
  if (pr) return { label: `GitHub pull request ${pr[1]}/${pr[2]}#${pr[3]}`, href: `https://github.com/${pr[1]}/${pr[2]}/pull/${pr[3]}`, pr: `${pr[1]}/${pr[2]}#${pr[3]}` };
  return { label: source === 'cli' ? 'precept approve' : source === 'import' ? 'made before precept, imported' : source, href: undefined, pr: undefined };
}

function decisionView(entry: ApprovalEntry, later: readonly ApprovalEntry[], approvers: readonly string[], lookups: Lookups): ApprovalDecisionView {
  const r = entry.record;
  const source = approvalSource(r.source);
  return {
    person: lookups.person(r.approver),
    decision: r.decision,
    at: r.at,
    date: r.at.slice(0, 10),
    time: r.at.slice(11, 16),
    source: r.source,
    sourceLabel: source.label,
    sourceHref: source.href,
    sourcePr: source.pr,
    // An imported decision's evidence is what a reader needs to trace it.
    note: r.evidence ? `evidence: ${r.evidence}${r.note ? `; ${r.note}` : ''}` : r.note,
    line: entry.line,
    counts: approvers.includes(r.approver),
    superseded: later.some((e) => e.record.approver === r.approver),
  };
}

/**
 * Where one text of a policy stands, for its pages: `status` is approvalStatus of that text (for
 * the current text, approvalOverview's), `records` every decision on the policy in ledger order.
 */
export function approvalsView(
  status: PolicyApprovalStatus,
  records: readonly ApprovalEntry[],
  options: { current: boolean; intact: boolean; lookups: Lookups },
): ApprovalsView {
  const { lookups } = options;
  const approvers = status.approvers.map((s) => s.person);
  const onText = records.filter((e) => e.record.contentHash === status.contentHash);
  return {
    version: status.version,
    contentHash: status.contentHash,
    current: options.current,
    intact: options.intact,
    decisions: onText.map((e, i) => decisionView(e, onText.slice(i + 1), approvers, lookups)),
    required: approvers.length,
    approved: status.approvers.filter((s) => s.state === 'approved').length,
    complete: status.complete,
    rejectedBy: status.approvers.filter((s) => s.state === 'rejected').map((s) => lookups.person(s.person)),
    waiting: status.approvers.filter((s) => s.state === 'missing' || s.state === 'stale').map((s) => ({
      person: lookups.person(s.person),
      previous: options.current && s.previous
        ? { version: s.previous.record.version, date: s.previous.record.at.slice(0, 10), decision: s.previous.record.decision }
        : undefined,
    })),
  };
}
