import { approve } from '../../records/approvals/approve.js';
import type { PolicyApprovalStatus } from '../../records/approvals/status.js';
import { UsageError } from '../../core/errors.js';
import { COMMON, type Command } from '../command.js';

/** "now has every approval" / "has 1 of 2 approvals; waiting for: x". */
export function approvalSummary(status: PolicyApprovalStatus): string {
  const done = status.approvers.filter((a) => a.state === 'approved').map((a) => a.person);
  const waiting = status.approvers.filter((a) => a.state !== 'approved').map((a) => `${a.person}${a.state === 'rejected' ? ' (rejected)' : ''}`);
  const head = `${status.policy} ${status.version}`;
  return waiting.length
    ? `${head} has ${done.length} of ${status.approvers.length} approvals; waiting for: ${waiting.join(', ')}.`
    : `${head} has every approval (${done.join(', ')}).`;
}

/** `precept approve <policy> --as <person>`: record an approval of a policy's current text. */
export const approveCommand: Command = {
  name: 'approve',
  summary: "record a person's approval (or rejection) of a policy's current text in records/approvals.jsonl",
  args: '<policy>',
  positionals: { min: 1, max: 1 },
  options: {
    root: COMMON.root,
    as: { type: 'string', value: 'PERSON', description: 'the approver: a person id from people.yaml (required)' },
    note: { type: 'string', value: 'TEXT', description: 'a note kept with the record' },
    reject: { type: 'boolean', description: 'record a rejection instead of an approval' },
  },
  details: `The record binds to the policy's content hash: editing the policy later voids it.
Refuses a person who is not one of the policy's approvers or is not on staff, and a policy
edited since HEAD without a version bump. Recording the same decision twice writes nothing.`,
  async run(ctx) {
    const person = ctx.string('as');
    if (!person) throw new UsageError('missing --as PERSON: who is approving');
    const { project } = await ctx.openRepo('part');
    const decision = ctx.flag('reject') ? 'rejected' : 'approved';
    const result = await approve({ project, policy: ctx.positionals[0]!, person, decision, note: ctx.string('note'), now: ctx.now() });
    for (const note of result.notes) ctx.err(`note: ${note}`);
    const r = result.entry.record;
    const file = `${project.config.paths.records}/approvals.jsonl`;
    if (result.recorded) {
      ctx.out(`Recorded: ${r.approver} ${r.decision} ${r.policy} ${r.version} (content ${r.contentHash.slice(0, 19)}…), line ${result.entry.line} of ${file}.`);
    } else {
      ctx.out(`Already recorded: ${r.approver} ${r.decision} ${r.policy} ${r.version} on ${r.at.slice(0, 10)} (line ${result.entry.line} of ${file}); nothing written.`);
    }
    ctx.out(approvalSummary(result.status));
    return 0;
  },
};
