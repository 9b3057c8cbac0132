import { approvalsByPolicy, approvalStatus, currentHash, type ApproverState } from '../../records/approvals/status.js';
import { projectLedger } from '../../records/ledger/project-ledgers.js';
import { APPROVALS_LEDGER } from '../../records/ledger/registry.js';
import type { Rule } from './rule.js';

const day = (at: string) => at.slice(0, 10);

function problem(state: ApproverState, policy: string, version: string, hash: string): { message: string; hint: string } | undefined {
  const { person } = state;
  const ask = `ask ${person} to approve it: precept approve ${policy} --as ${person}, or approve the pull request that changes it`;
  switch (state.state) {
    case 'approved':
      return undefined;
    case 'rejected': {
      const r = state.decision!.record;
      return { message: `${person} rejected version ${version} on ${day(r.at)} (${r.source})${r.note ? `: ${r.note}` : ''}`, hint: 'a later approval of the same text counts; otherwise revise the policy and bump its version' };
    }
    case 'stale': {
      const r = state.previous!.record;
      return r.version === version
        ? { message: `${person} ${r.decision} version ${version} on ${day(r.at)}, but its text has changed since (content ${hash.slice(0, 15)}…, approved ${r.contentHash.slice(0, 15)}…)`, hint: `approvals bind to the exact text: bump the version for the edit, then ${ask}` }
        : { message: `${person} ${r.decision} version ${r.version}, not version ${version}`, hint: ask };
    }
    default:
      return { message: `no approval from ${person} for version ${version} (content ${hash.slice(0, 15)}…)`, hint: ask };
  }
}

/** An approved policy whose current text lacks a listed approver's approval. */
export const approvalMissing: Rule = {
  id: 'approval-missing',
  description: 'A policy marked approved has an approval of its current text (content hash) from every listed approver in records/approvals.jsonl.',
  severity: 'error',
  async check({ project, policies, pendingApprovals }, report) {
    const approved = policies.filter((p) => p.meta.status === 'approved' && p.meta.approvers?.length);
    if (!approved.length) return;
    const ledger = await projectLedger(project, APPROVALS_LEDGER);
    const byPolicy = approvalsByPolicy(ledger.entries);
    for (const policy of approved) {
      const hash = currentHash(policy, project.config.defaultFramework);
      const status = approvalStatus(policy, hash, byPolicy.get(policy.id));
      const pending = pendingApprovals?.has(policy.id) ?? false;
      status.approvers.forEach((state, index) => {
        if (!project.roster.knownPeople.has(state.person)) return; // unknown-person reports it
        const found = problem(state, policy.id, status.version, hash);
        if (!found) return;
        report(policy.file, policy.yaml.locate(['approvers', index]),
          pending ? `${found.message} (pending: this pull request changes the policy)` : found.message,
          { hint: found.hint, ...(pending ? { severity: 'warning' as const } : {}) });
      });
    }
  },
};
