import type { NewRecord } from '../../src/records/ledger/append.js';
import type { ApprovalRecord } from '../../src/repo/schema/types.generated.js';

/** A valid approval record with the chain fields left for append to fill in. */
export function sampleApproval(overrides: Partial<NewRecord<ApprovalRecord>> = {}): NewRecord<ApprovalRecord> {
  return {
    policy: 'alpha', version: '1.0.0', contentHash: `sha256:${'a'.repeat(64)}`, approver: 'ada',
    decision: 'approved', at: '2026-02-01T10:00:00Z', source: 'cli', ...overrides,
  };
}
