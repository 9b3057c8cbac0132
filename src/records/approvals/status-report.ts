import type { Messages } from '../../core/i18n/messages.js';
import type { Roster } from '../../repo/project/types.js';
import type { PolicyApprovals } from './overview.js';
import { approvalProof, type ApprovalProof } from './signature.js';

/** How a decision was proven, in a few words; undefined when its source says it all (`via import`). */
function proven(proof: ApprovalProof, m: Messages): string | undefined {
  switch (proof.method) {
    case 'ssh-signature':
      return proof.verified ? m.t('approvals.proof.signed', { fingerprint: proof.fingerprint }) : m.t('approvals.proof.bad-signature', { problem: proof.problem });
    case 'github-review': {
      const variant = `${proof.review !== undefined ? '-id' : ''}${proof.reviewer ? '-by' : ''}`;
      return m.t(`approvals.proof.review${variant}`, { review: proof.review === undefined ? '' : String(proof.review), reviewer: proof.reviewer ?? '' });
    }
    case 'unsigned':
      return m.t('approvals.proof.unsigned');
    default:
      return undefined;
  }
}

/**
 * `precept approvals status` (pretty), in the catalogue's language: per policy, who is still to
 * approve its current text; per approver, their decision, when, through what and how it is
 * proven. `roster` is the one whose SSH keys vouch for signed approvals.
 */
export function approvalsStatusText(policies: readonly PolicyApprovals[], roster: Roster, m: Messages): string {
  const lines: string[] = [];
  const aside = (text: string | undefined) => (text === undefined ? '' : m.t('approvals.aside', { text }));
  for (const p of policies) {
    const waiting = p.approvers.filter((a) => a.state !== 'approved').map((a) => a.person);
    const state = !p.approvers.length ? m.t('approvals.state.none')
      : waiting.length ? m.t('approvals.state.waiting', { people: waiting.join(m.t('common.list-separator')) }) : m.t('approvals.state.complete');
    lines.push(m.t('approvals.policy', { policy: p.policy, version: p.version, status: m.t(`approvals.status.${p.status}`), state }));
    for (const a of p.approvers) {
      const r = (a.decision ?? a.previous)?.record;
      let detail: string;
      if (a.state === 'missing' || !r) detail = m.t('approvals.missing');
      else if (a.state === 'stale') detail = m.t('approvals.stale', { decision: m.t(`approvals.decision.${r.decision}`), version: r.version, date: m.reportDate(r.at.slice(0, 10)) });
      else {
        detail = m.t('approvals.decided', { decision: m.t(`approvals.decision.${a.state}`), date: m.reportDate(r.at.slice(0, 10)), source: r.source })
          + aside(proven(approvalProof(r, roster), m))
          + aside(r.evidence ? m.t('approvals.evidence', { evidence: r.evidence }) : undefined)
          + (r.note ? m.t('approvals.note', { note: r.note }) : '');
      }
      lines.push(`  ${a.state === 'approved' ? '✓' : '✗'} ${a.person}: ${detail}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
