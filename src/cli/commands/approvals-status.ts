import { approvalOverview } from '../../records/approvals/overview.js';
import { COMMON, type Command } from '../command.js';
import { findPolicy } from '../../records/approvals/approve.js';
import { approvalProof, type ApprovalProof } from '../../records/approvals/signature.js';

/** How a decision was proven, in a few words. */
/** ` (how it was proven)`, or nothing when the source says it all. */
const proofNote = (proof: ApprovalProof) => {
  const text = proven(proof);
  return text === undefined ? '' : ` (${text})`;
};

function proven(proof: ApprovalProof): string | undefined {
  switch (proof.method) {
    case 'ssh-signature':
      return proof.verified ? `signed with SSH key ${proof.fingerprint}` : `SIGNATURE DOES NOT VERIFY (${proof.problem})`;
    case 'github-review':
      return `review${proof.review ? ` ${proof.review}` : ''}${proof.reviewer ? ` by @${proof.reviewer}` : ''}`;
    case 'unsigned':
      return 'unsigned';
    default:
      // `via <source>` already says it (an import of approvals made before precept shows its evidence).
      return undefined;
  }
}

const FORMATS = ['pretty', 'json'] as const;

/** `precept approvals status [policy]`: who approved what, when. */
export const approvalsStatusCommand: Command = {
  name: 'approvals status',
  summary: "show who approved each policy's current text, when and how, and who is still to approve",
  args: '[policy]',
  positionals: { min: 0, max: 1 },
  options: {
    root: COMMON.root,
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: pretty)` },
  },
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'pretty');
    const { project } = await ctx.openRepo('whole');
    const only = ctx.positionals[0] !== undefined ? findPolicy(project, ctx.positionals[0]).id : undefined;
    const overview = await approvalOverview(project);
    const shown = overview.policies.filter((p) => !only || p.policy === only);
    if (format === 'json') {
      const withProof = shown.map((p) => ({ ...p, approvers: p.approvers.map((a) => (a.decision ? { ...a, proof: approvalProof(a.decision.record, project.roster) } : a)) }));
      ctx.out(JSON.stringify({ intact: overview.intact, policies: withProof }, null, 2));
      return 0;
    }
    if (!overview.intact) ctx.err('warning: records/approvals.jsonl failed verification; run `precept ledger verify`');
    for (const p of shown) {
      const waiting = p.approvers.filter((a) => a.state !== 'approved').map((a) => a.person);
      const state = !p.approvers.length ? 'no approvers listed' : waiting.length ? `waiting for ${waiting.join(', ')}` : 'every approval';
      ctx.out(`${p.policy} ${p.version} (${p.status}): ${state}`);
      for (const a of p.approvers) {
        const r = (a.decision ?? a.previous)?.record;
        const detail = a.state === 'missing' ? 'no decision recorded'
          : a.state === 'stale' ? `${r!.decision} an earlier text (version ${r!.version}, ${r!.at.slice(0, 10)})`
            : `${a.state} ${r!.at.slice(0, 10)} via ${r!.source}${proofNote(approvalProof(r!, project.roster))}${r!.evidence ? ` (before precept; evidence: ${r!.evidence})` : ''}${r!.note ? `: ${r!.note}` : ''}`;
        ctx.out(`  ${a.state === 'approved' ? '✓' : '✗'} ${a.person}: ${detail}`);
      }
    }
    return 0;
  },
};
