import { parseAckTime } from '../../records/acks/ack-time.js';
import { approve } from '../../records/approvals/approve.js';
import type { PolicyApprovalStatus } from '../../records/approvals/status.js';
import path from 'node:path';
import { usageFailure } from '../../core/i18n/failure.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { COMMON, type Command } from '../command.js';

/** "now has every approval" / "has 1 of 2 approvals; waiting for: x". */
export function approvalSummary(status: PolicyApprovalStatus, m: Messages = loadMessages('en')): string {
  const done = status.approvers.filter((a) => a.state === 'approved').map((a) => a.person);
  const waiting = status.approvers.filter((a) => a.state !== 'approved')
    .map((a) => (a.state === 'rejected' ? m.t('cli.approve.rejected-person', { person: a.person }) : a.person));
  const list = (people: string[]) => people.join(m.t('common.list-separator'));
  return waiting.length
    ? m.t('cli.approve.waiting', { policy: status.policy, version: status.version, done: done.length, total: status.approvers.length, people: list(waiting) })
    : m.t('cli.approve.complete', { policy: status.policy, version: status.version, people: list(done) });
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
    at: { type: 'string', value: 'TIME', description: 'a decision made before precept: when (2025-03-10, or 2025-03-10T14:00:00+01:00); needs --evidence' },
    evidence: { type: 'string', value: 'TEXT', description: 'with --at: where the decision is documented (minutes, a ticket, a signed PDF), for the auditor' },
    'sign-with': { type: 'string', value: 'KEY', description: "sign the record with this SSH key (private key, or a .pub whose key is in ssh-agent), as git signs commits" },
  },
  details: `The record binds to the policy's content hash: editing the policy later voids it.
Refuses a person who is not one of the policy's approvers or is not on staff, and a policy
edited since HEAD without a version bump. Recording the same decision twice writes nothing
(unless it now comes signed). The record carries the clock's time (UTC), when the decision is
recorded. With --sign-with, ssh-keygen -Y sign signs the record under the namespace
precept-approval, and the signature must verify against one of the approver's sshKeys in
people.yaml before anything is written; check verifies every signed record.

--at TIME --evidence TEXT records a decision made before the repo used precept (in a document
system, at a board meeting) as imported, at that time, with its evidence, so the auditor pack shows
when the version was really approved. TIME may not be in the future, must fall while the person
was on staff, and must be before the policy's current version was first committed: a decision
after that is recorded when it is made. Many at once: precept approvals import --csv FILE.`,
  async run(ctx) {
    const person = ctx.string('as');
    if (!person) throw usageFailure('cli.missing-as-approve');
    const { project } = await ctx.openRepo('part');
    const decision = ctx.flag('reject') ? 'rejected' : 'approved';
    const atText = ctx.string('at');
    const at = atText === undefined ? undefined : parseAckTime(atText);
    if (atText !== undefined && !at) throw usageFailure('cli.at-approve', { value: atText });
    const signWith = ctx.string('sign-with');
    const result = await approve({
      project, policy: ctx.positionals[0]!, person, decision, note: ctx.string('note'), now: ctx.now(), at, evidence: ctx.string('evidence'),
      ...(signWith !== undefined ? { signWith: path.resolve(ctx.io.cwd, signWith) } : {}),
      ...(ctx.io.env['PRECEPT_SSH_KEYGEN'] ? { signOptions: { sshKeygen: ctx.io.env['PRECEPT_SSH_KEYGEN'] } } : {}),
    });
    for (const note of result.notes) ctx.err(loadMessages(project.config.locale).t('notes.note-line', { note }));
    const r = result.entry.record;
    const m = loadMessages(project.config.locale);
    const values = {
      approver: r.approver, decision: m.t(`approvals.decision.${r.decision}`), policy: r.policy, version: r.version,
      line: String(result.entry.line), file: `${project.config.paths.records}/approvals.jsonl`,
    };
    if (result.recorded) {
      const before = r.source === 'import' ? m.t('cli.approve.before-precept', { at: r.at.slice(0, at?.dayOnly ? 10 : 19), evidence: r.evidence ?? '' }) : '';
      const signed = result.signedBy ? m.t('cli.approve.signed', { key: result.signedBy }) : '';
      ctx.out(m.t('cli.approve.recorded', { ...values, before, content: `${r.contentHash.slice(0, 19)}…`, signed }));
    } else {
      ctx.out(m.t('cli.approve.already', { ...values, date: m.reportDate(r.at.slice(0, 10)) }));
    }
    ctx.out(approvalSummary(result.status, m));
    return 0;
  },
};
