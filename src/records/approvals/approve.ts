import { toIsoDate } from '../../core/dates/calendar.js';
import { PreceptError } from '../../core/errors.js';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { nearest } from '../../core/i18n/phrase.js';
import { sayIn } from '../../core/i18n/messages.js';
import { GitRepo } from '../../history/git.js';
import { committedPolicy } from '../../history/policies-at-ref.js';
import { appendSelected } from '../ledger/append.js';
import { readLedger } from '../ledger/read.js';
import { APPROVALS_LEDGER } from '../ledger/registry.js';
import { isActive } from '../../repo/project/roster.js';
import { isValidPolicy, type Policy, type Project, type ValidPolicy } from '../../repo/project/types.js';
import type { ApprovalRecord } from '../../repo/schema/types.generated.js';
import { approvalMessage, signApprovalMessage, verifyApproval, type SignedFields, type SignOptions } from './signature.js';
import type { AckTime } from '../acks/ack-time.js';
import { currentVersionsSince, historicalProblem } from './historical.js';
import { approvalsByPolicy, approvalStatus, currentHash, type ApprovalEntry, type PolicyApprovalStatus } from './status.js';

/** A decision to record from the command line. */
export interface ApproveRequest {
  project: Project;
  /** A policy id, or its file path. */
  policy: string;
  person: string;
  decision: ApprovalRecord['decision'];
  note?: string | undefined;
  now: Date;
  /**
   * A decision made before precept (in another system, at a meeting): when it was made. It is
   * recorded as imported, at that time, with `evidence`, and `recorded` says when it was written.
   */
  at?: AckTime | undefined;
  /** Where the earlier decision is documented; required with `at`. */
  evidence?: string | undefined;
  /** Sign the record with this SSH key (a private key file, or a public one whose key is in ssh-agent). */
  signWith?: string | undefined;
  signOptions?: SignOptions;
}

/** What `approve` did. */
export interface ApproveResult {
  policy: ValidPolicy;
  /** The new record, or the existing one when the same decision was already on record. */
  entry: ApprovalEntry;
  recorded: boolean;
  status: PolicyApprovalStatus;
  /** Things the person should know (no git to check the version against). */
  notes: string[];
  /** The fingerprint of the SSH key that signed the new record. */
  signedBy?: string;
}

/** An instant as the ledger writes it: UTC, whole seconds. */
export function ledgerTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** Finds a policy by id or by its file path. */
export function findPolicy(project: Project, wanted: string): Policy {
  const normal = wanted.replace(/\\/g, '/').replace(/^\.\//, '');
  const found = project.policies.find((p) => p.id === normal || p.file === normal);
  if (found) return found;
  throw usageFailure('cli.unknown-policy', { policy: wanted, suggest: nearest(normal, project.policies.map((p) => p.id)) });
}

/** Refuses a text whose version number was already used for different content. */
export async function checkVersionSettled(project: Project, policy: ValidPolicy, hash: string, history: readonly ApprovalEntry[]): Promise<{ notes: string[]; commit: string | undefined }> {
  const version = policy.meta.version;
  const clash = history.find((e) => e.record.version === version && e.record.contentHash !== hash);
  if (clash) {
    throw failure('records.decided-otherwise', { file: policy.file, version, decision: clash.record.decision, approver: clash.record.approver, date: clash.record.at.slice(0, 10) }, { exitCode: 1 });
  }
  const git = await GitRepo.open(project.root);
  if (!git) return { notes: [sayIn(project.config.locale, 'notes.approve-no-git')], commit: undefined };
  const head = await git.resolve('HEAD');
  const committed = await git.run(['show', `HEAD:${git.toGitPath(policy.file)}`]).catch(() => undefined);
  if (committed === undefined) return { notes: [sayIn(project.config.locale, 'notes.not-committed', { file: policy.file })], commit: undefined };
  const before = committedPolicy(policy.file, committed.replace(/^\uFEFF/, ''), project.config.defaultFramework);
  if (before?.version === version && before.hash !== hash) {
    throw failure('records.edited-since-head', { file: policy.file, version }, { exitCode: 1 });
  }
  return { notes: [], commit: before?.hash === hash ? head : undefined };
}

/**
 * Signs an approval and checks the signature as `check` will, before anything is written: the
 * key must be one the roster lists for the approver, or the record would fail every check.
 */
async function sign(project: Project, fields: SignedFields, keyFile: string, options: SignOptions | undefined): Promise<{ signature: string; fingerprint: string }> {
  const listed = project.roster.people.get(fields.approver)?.person.sshKeys ?? [];
  if (!listed.length) {
    throw failure('records.no-ssh-keys', { approver: fields.approver, roster: project.roster.file }, { exitCode: 1 });
  }
  const signature = await signApprovalMessage(approvalMessage(fields), keyFile, options);
  const verified = verifyApproval({ ...fields, signature }, project.roster);
  if (!verified.ok) {
    throw failure('sign.key-mismatch', { key: keyFile, approver: fields.approver, problem: verified.message, roster: project.roster.file }, { exitCode: 1 });
  }
  return { signature, fingerprint: verified.key.fingerprint };
}

/**
 * Records a person's decision on a policy's current text, after checking that they are a
 * listed approver on staff and that the text is settled for its version. Recording the same
 * decision again is a no-op.
 */
export async function approve(request: ApproveRequest): Promise<ApproveResult> {
  const { project, person, decision, now } = request;
  const policy = findPolicy(project, request.policy);
  if (!isValidPolicy(policy)) throw failure('records.policy-errors-approve', { file: policy.file }, { exitCode: 1 });
  const known = project.roster.people.get(person)?.person;
  if (!known) throw usageFailure('cli.unknown-person', { person, roster: project.roster.file, suggest: nearest(person, [...project.roster.people.keys()]) });
  const { at } = request;
  const evidence = request.evidence?.replace(/\s+/g, ' ').trim();
  if (at && !evidence) throw usageFailure('records.evidence-needed');
  if (!at && request.evidence !== undefined) throw usageFailure('records.evidence-alone');
  if (!at && !isActive(known, toIsoDate(now))) throw failure('records.off-staff-approve', { person, date: toIsoDate(now), roster: project.roster.file }, { exitCode: 1 });
  const approvers = policy.meta.approvers ?? [];
  if (!approvers.includes(person)) {
    throw failure('records.not-approver', { person, policy: policy.id, approvers: approvers.join(', '), listed: approvers.length ? 'yes' : 'no' }, { exitCode: 1 });
  }
  if (policy.meta.status === 'retired') throw failure('records.retired', { policy: policy.id }, { exitCode: 1 });
  const ledger = await readLedger(project.root, project.config.paths.records, APPROVALS_LEDGER);
  if (ledger.diagnostics.some((d) => d.severity === 'error')) {
    throw failure('records.ledger-problems', { file: ledger.file }, { exitCode: 1, diagnostics: ledger.diagnostics });
  }
  const history = approvalsByPolicy(ledger.entries).get(policy.id) ?? [];
  const hash = currentHash(policy, project.config.defaultFramework);
  const { notes, commit } = await checkVersionSettled(project, policy, hash, history);
  if (at) {
    // Said in the repo's language: the problem is written for it already.
    const { locale } = project.config;
    const problem = historicalProblem(policy, known, at, now.getTime(), (await currentVersionsSince(project)).get(policy.id), locale);
    if (problem) throw new PreceptError(sayIn(locale, 'failure.records.at-problem', { at: at.dayOnly ? at.date : at.iso, problem }), { exitCode: 1, locale });
  }
  // The same decision as this person's latest on this text is already on record (unless it now
  // comes signed and that one was not): decided again under the lock, over what other writers
  // appended since the ledger was read.
  const repeatIn = (entries: readonly ApprovalEntry[]) => {
    const latest = [...entries].reverse().find((e) => e.record.approver === person && e.record.contentHash === hash);
    return latest?.record.decision === decision && (latest.record.signature !== undefined || !request.signWith) ? latest : undefined;
  };
  const onFile = repeatIn(history);
  if (onFile) return { policy, entry: onFile, recorded: false, status: approvalStatus(policy, hash, history), notes };
  const fields: SignedFields = {
    policy: policy.id, version: policy.meta.version, contentHash: hash, approver: person, decision,
    ...(at ? { at: at.iso, source: 'import' as const, recorded: ledgerTime(now), evidence: evidence! } : { at: ledgerTime(now), source: 'cli' as const }),
    ...(commit ? { commit } : {}),
    ...(request.note ? { note: request.note } : {}),
  };
  // Signed before the lock is taken: ssh-keygen may wait for a passphrase.
  const signed = request.signWith ? await sign(project, fields, request.signWith, request.signOptions) : undefined;
  const seen: { all: ApprovalEntry[]; repeat?: ApprovalEntry | undefined } = { all: history };
  const [entry] = await appendSelected(ledger.path, APPROVALS_LEDGER, { size: ledger.size, lines: ledger.lines }, (since) => {
    seen.all = [...history, ...since.filter((e) => e.record.policy === policy.id)];
    seen.repeat = repeatIn(seen.all);
    return seen.repeat ? [] : [{ ...fields, ...(signed ? { signature: signed.signature } : {}) }];
  });
  if (seen.repeat) return { policy, entry: seen.repeat, recorded: false, status: approvalStatus(policy, hash, seen.all), notes };
  return { policy, entry: entry!, recorded: true, status: approvalStatus(policy, hash, [...seen.all, entry!]), notes, ...(signed ? { signedBy: signed.fingerprint } : {}) };
}
