import type { Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { GitRepo } from '../../history/git.js';
import { approvalProof } from '../../records/approvals/signature.js';
import { readLedger } from '../../records/ledger/read.js';
import { ACKS_LEDGER, APPROVALS_LEDGER } from '../../records/ledger/registry.js';
import type { ResolvedConfig } from '../../repo/config/config.js';
import type { Roster } from '../../repo/project/types.js';
import type { PackApproval, PackRecords } from './records.js';
import { failure } from '../../core/i18n/failure.js';

/**
 * The pack's view of records/approvals.jsonl and records/acknowledgements.jsonl, read from the
 * repository the pack is made in (HEAD: later records about the period count, such as approvals
 * imported with their historical dates). A ledger that fails verification refuses the pack: its
 * evidence would be wrong, and restoring it from git fixes that. A missing ledger is "no records".
 */
export async function packRecordsFromLedgers(root: string, config: ResolvedConfig, git: GitRepo | undefined, roster: Roster): Promise<PackRecords> {
  const [approvals, acks] = await Promise.all([
    readLedger(root, config.paths.records, APPROVALS_LEDGER, { git, locale: config.locale }),
    readLedger(root, config.paths.records, ACKS_LEDGER, { git, locale: config.locale }),
  ]);
  const problems: Diagnostic[] = [...approvals.diagnostics, ...acks.diagnostics].filter((d) => d.severity === 'error');
  if (problems.length) {
    const [first, second] = [...new Set(problems.map((d) => d.file))];
    throw failure('pack.ledger-failed', { first: first!, second: second ?? '', both: second ? 'yes' : 'no' }, { exitCode: 1, diagnostics: problems });
  }
  const approvalRecords = approvals.exists
    ? approvals.entries.map(({ record, line }): PackApproval => {
      // Fields other kinds of approval may carry (imported historical approvals), read without assuming the schema has them.
      const extra = record as unknown as Record<string, unknown>;
      return {
        policy: record.policy, version: record.version, contentHash: record.contentHash, approver: record.approver, decision: record.decision,
        at: record.at, source: record.source, line, review: record.review,
        evidence: typeof extra['evidence'] === 'string' ? extra['evidence'] : undefined,
        recorded: typeof extra['recorded'] === 'string' ? extra['recorded'] : undefined,
        // Signatures are checked against the roster the pack is made with (the repository's
        // committed one), as check does on the base branch.
        proof: approvalProof(record, roster),
      };
    })
    : undefined;
  return {
    ...(approvalRecords ? { approvals: approvalRecords } : {}),
    ...(acks.exists ? { acknowledgements: acks.entries } : {}),
    files: { approvals: approvals.file, acknowledgements: acks.file },
  };
}
