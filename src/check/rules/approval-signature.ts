import { serializeRecord } from '../../records/ledger/chain.js';
import { approvalProof } from '../../records/approvals/signature.js';
import { approvalsByPolicy, approvalStatus, currentHash } from '../../records/approvals/status.js';
import { projectLedger } from '../../records/ledger/project-ledgers.js';
import { APPROVALS_LEDGER } from '../../records/ledger/registry.js';
import type { ApprovalRecord } from '../../repo/schema/types.generated.js';
import { says, type Rule } from './rule.js';

/** Where a field's value starts on a record's line (records are canonical, so this is exact). */
function columnOf(record: ApprovalRecord, key: string): number {
  const i = serializeRecord(record).indexOf(`"${key}":`);
  return i < 0 ? 1 : i + key.length + 4;
}

/**
 * Every SSH-signed approval verifies against its approver's keys on the roster, and, as the
 * config's `approvals.unsigned` says, unsigned `precept approve` records that count for a current
 * text are warned about or refused.
 */
export const approvalSignature: Rule = {
  id: 'approval-signature',
  description: "An SSH-signed approval's signature is by one of its approver's sshKeys in people.yaml and over the record's own content; unsigned command-line approvals are reported as approvals.unsigned says.",
  severity: 'error',
  async check({ project, policies, trustedRoster }, report) {
    const ledger = await projectLedger(project, APPROVALS_LEDGER);
    if (!ledger.entries.length) return;
    // In a pull request, keys count from its base: a key the pull request adds vouches for nothing yet.
    const roster = trustedRoster ?? project.roster;
    for (const { line, record } of ledger.entries) {
      if (record.signature === undefined) continue;
      const proof = approvalProof(record, roster);
      if (proof.method !== 'ssh-signature' || proof.verified) continue;
      const { approver, decision, policy, version } = record;
      report(ledger.file, { line, column: columnOf(record, 'signature') }, says('approval-signature.bad', { approver, decision, policy, version, problem: proof.problem }), {
        hint: roster.people.has(approver)
          ? says('approval-signature.bad-hint', { approver, policy })
          : says('approval-signature.not-in-roster', { approver, roster: roster.file }),
      });
    }
    const mode = project.config.approvals.unsigned;
    if (mode === 'allow') return;
    const byPolicy = approvalsByPolicy(ledger.entries);
    for (const policy of policies) {
      if (policy.meta.status === 'retired') continue;
      const status = approvalStatus(policy, currentHash(policy, project.config.defaultFramework), byPolicy.get(policy.id));
      for (const state of status.approvers) {
        const decision = state.decision;
        if (!decision || decision.record.source !== 'cli' || decision.record.signature !== undefined) continue;
        const r = decision.record;
        report(ledger.file, { line: decision.line, column: columnOf(r, 'source') },
          says('approval-signature.unsigned', { approver: r.approver, decision: r.decision, policy: r.policy, version: r.version, mode }),
          { severity: mode, hint: says('approval-signature.unsigned-hint', { approver: r.approver, decision: r.decision, policy: r.policy }) });
      }
    }
  },
};
