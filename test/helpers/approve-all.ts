import { approve } from '../../src/records/approvals/approve.js';
import { loadProject } from '../../src/repo/load/load-project.js';
import { isValidPolicy } from '../../src/repo/project/types.js';

/**
 * Records, through the real `approve`, every listed approver's approval of every approved
 * policy's current text, so a test repo passes the approval-missing rule the way a real repo
 * would. Returns the number of records written.
 */
export async function approveAll(root: string, now = new Date('2026-01-15T09:00:00Z')): Promise<number> {
  const { project } = await loadProject(root);
  let written = 0;
  for (const policy of project.policies.filter(isValidPolicy)) {
    if (policy.meta.status !== 'approved') continue;
    for (const person of policy.meta.approvers ?? []) {
      const { project: fresh } = await loadProject(root);
      const result = await approve({ project: fresh, policy: policy.id, person, decision: 'approved', note: undefined, now });
      if (result.recorded) written++;
    }
  }
  return written;
}
