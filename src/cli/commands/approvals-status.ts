import { approvalOverview } from '../../records/approvals/overview.js';
import { COMMON, type Command } from '../command.js';
import { findPolicy } from '../../records/approvals/approve.js';
import { approvalProof } from '../../records/approvals/signature.js';
import { approvalsStatusText } from '../../records/approvals/status-report.js';
import { loadMessages } from '../../core/i18n/messages.js';

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
    const messages = loadMessages(project.config.locale);
    if (!overview.intact) ctx.err(messages.t('approvals.ledger-failed'));
    ctx.io.stdout.write(approvalsStatusText(shown, project.roster, messages));
    return 0;
  },
};
