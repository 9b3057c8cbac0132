import { approvalsByPolicy, approvalStatus, currentHash, type ApproverState } from '../../records/approvals/status.js';
import { projectLedger } from '../../records/ledger/project-ledgers.js';
import { APPROVALS_LEDGER } from '../../records/ledger/registry.js';
import type { Messages } from '../../core/i18n/messages.js';
import type { Phrase } from '../../core/i18n/phrase.js';
import { says, type Rule } from './rule.js';

function problem(state: ApproverState, policy: string, version: string, hash: string, messages: Messages): { message: Phrase; hint: Phrase } | undefined {
  const { person } = state;
  const ask = says('approval-missing.ask', { person, policy });
  const day = (at: string) => messages.reportDate(at.slice(0, 10));
  switch (state.state) {
    case 'approved':
      return undefined;
    case 'rejected': {
      const r = state.decision!.record;
      const values = { person, version, date: day(r.at), source: r.source };
      return {
        message: r.note ? says('approval-missing.rejected-note', { ...values, note: r.note }) : says('approval-missing.rejected', values),
        hint: says('approval-missing.rejected-hint'),
      };
    }
    case 'stale': {
      const r = state.previous!.record;
      return r.version === version
        ? {
          message: says('approval-missing.stale-text', { person, decision: r.decision, version, date: day(r.at), hash: hash.slice(0, 15), approvedHash: r.contentHash.slice(0, 15) }),
          hint: says('approval-missing.stale-text-hint', { ask }),
        }
        : { message: says('approval-missing.stale-version', { person, decision: r.decision, approvedVersion: r.version, version }), hint: ask };
    }
    default:
      return { message: says('approval-missing.missing', { person, version, hash: hash.slice(0, 15) }), hint: ask };
  }
}

/** An approved policy whose current text lacks a listed approver's approval. */
export const approvalMissing: Rule = {
  id: 'approval-missing',
  description: 'A policy marked approved has an approval of its current text (content hash) from every listed approver in records/approvals.jsonl.',
  severity: 'error',
  async check({ project, policies, pendingApprovals, messages }, report) {
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
        const found = problem(state, policy.id, status.version, hash, messages);
        if (!found) return;
        report(policy.file, policy.yaml.locate(['approvers', index]),
          pending ? says('approval-missing.pending', { problem: found.message }) : found.message,
          { hint: found.hint, ...(pending ? { severity: 'warning' as const } : {}) });
      });
    }
  },
};
