import { projectLedger } from '../ledger/project-ledgers.js';
import { APPROVALS_LEDGER } from '../ledger/registry.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import { approvalsByPolicy, approvalStatus, currentHash, type ApprovalEntry, type PolicyApprovalStatus } from './status.js';

/** A policy's approval standing, for the portal, the pack and `precept approvals status`. */
export interface PolicyApprovals extends PolicyApprovalStatus {
  title: string;
  file: string;
  /** The policy's `status:` field. */
  status: string;
  /** Every decision ever recorded for the policy, oldest first: who decided what, when, on which text. */
  history: ApprovalEntry[];
}

/**
 * Who approved what, when, for every valid policy: the approvals of its current text (see
 * approvalStatus) and the full history from records/approvals.jsonl. `intact` is false when
 * the ledger failed verification; callers should say so next to what they show.
 */
export async function approvalOverview(project: Project): Promise<{ policies: PolicyApprovals[]; intact: boolean }> {
  const ledger = await projectLedger(project, APPROVALS_LEDGER);
  const byPolicy = approvalsByPolicy(ledger.entries);
  const policies = project.policies.filter(isValidPolicy).map((policy) => {
    const history = byPolicy.get(policy.id) ?? [];
    return {
      ...approvalStatus(policy, currentHash(policy, project.config.defaultFramework), history),
      title: policy.meta.title, file: policy.file, status: policy.meta.status, history,
    };
  });
  return { policies, intact: !ledger.diagnostics.some((d) => d.severity === 'error') };
}
