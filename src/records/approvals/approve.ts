import { toIsoDate } from '../../core/dates/calendar.js';
import { PreceptError, UsageError } from '../../core/errors.js';
import { GitRepo } from '../../history/git.js';
import { committedPolicy } from '../../history/policies-at-ref.js';
import { appendSelected } from '../ledger/append.js';
import { readLedger } from '../ledger/read.js';
import { APPROVALS_LEDGER } from '../ledger/registry.js';
import { isActive } from '../../repo/project/roster.js';
import { isValidPolicy, type Policy, type Project, type ValidPolicy } from '../../repo/project/types.js';
import type { ApprovalRecord } from '../../repo/schema/types.generated.js';
import { suggestion } from '../../core/suggest/did-you-mean.js';
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
  throw new UsageError(`no policy "${wanted}"${suggestion(normal, project.policies.map((p) => p.id))}`);
}

/** Refuses a text whose version number was already used for different content. */
export async function checkVersionSettled(project: Project, policy: ValidPolicy, hash: string, history: readonly ApprovalEntry[]): Promise<{ notes: string[]; commit: string | undefined }> {
  const version = policy.meta.version;
  const clash = history.find((e) => e.record.version === version && e.record.contentHash !== hash);
  if (clash) {
    throw new PreceptError(`${policy.file}: version ${version} was ${clash.record.decision} by ${clash.record.approver} on ${clash.record.at.slice(0, 10)} with different content; bump the version for the edit, then approve`, { exitCode: 1 });
  }
  const git = await GitRepo.open(project.root);
  if (!git) return { notes: ['not in a git repository: could not check that this text is the one committed for its version'], commit: undefined };
  const head = await git.resolve('HEAD');
  const committed = await git.run(['show', `HEAD:${git.toGitPath(policy.file)}`]).catch(() => undefined);
  if (committed === undefined) return { notes: [`${policy.file} is not committed yet`], commit: undefined };
  const before = committedPolicy(policy.file, committed.replace(/^\uFEFF/, ''), project.config.defaultFramework);
  if (before?.version === version && before.hash !== hash) {
    throw new PreceptError(`${policy.file} was edited since HEAD without a version bump (still ${version}); bump the version, then approve`, { exitCode: 1 });
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
    throw new PreceptError(`${fields.approver} has no sshKeys in ${project.roster.file}: add their public key (the .pub file, or ssh-keygen -y -f KEY) and commit it, then sign`, { exitCode: 1 });
  }
  const signature = await signApprovalMessage(approvalMessage(fields), keyFile, options);
  const verified = verifyApproval({ ...fields, signature }, project.roster);
  if (!verified.ok) {
    throw new PreceptError(`${keyFile} cannot sign for ${fields.approver}: ${verified.message} in their sshKeys in ${project.roster.file}; nothing was recorded`, { exitCode: 1 });
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
  if (!isValidPolicy(policy)) throw new PreceptError(`${policy.file} has errors; run \`precept check\` and fix them before approving`, { exitCode: 1 });
  const known = project.roster.people.get(person)?.person;
  if (!known) throw new UsageError(`no person "${person}" in ${project.roster.file}${suggestion(person, [...project.roster.people.keys()])}`);
  const { at } = request;
  const evidence = request.evidence?.replace(/\s+/g, ' ').trim();
  if (at && !evidence) throw new UsageError('--at records a decision made before precept: say where it is documented with --evidence TEXT (minutes, a ticket, a signed document)');
  if (!at && request.evidence !== undefined) throw new UsageError('--evidence goes with --at, for a decision made before precept');
  if (!at && !isActive(known, toIsoDate(now))) throw new PreceptError(`${person} is not on staff on ${toIsoDate(now)} (start/end in ${project.roster.file})`, { exitCode: 1 });
  const approvers = policy.meta.approvers ?? [];
  if (!approvers.includes(person)) {
    throw new PreceptError(`${person} is not an approver of ${policy.id} (approvers: ${approvers.join(', ') || 'none'})`, { exitCode: 1 });
  }
  if (policy.meta.status === 'retired') throw new PreceptError(`${policy.id} is retired; there is nothing to approve`, { exitCode: 1 });
  const ledger = await readLedger(project.root, project.config.paths.records, APPROVALS_LEDGER);
  if (ledger.diagnostics.some((d) => d.severity === 'error')) {
    throw new PreceptError(`${ledger.file} has problems; run \`precept ledger verify\` and fix them before recording`, { exitCode: 1, diagnostics: ledger.diagnostics });
  }
  const history = approvalsByPolicy(ledger.entries).get(policy.id) ?? [];
  const hash = currentHash(policy, project.config.defaultFramework);
  const { notes, commit } = await checkVersionSettled(project, policy, hash, history);
  if (at) {
    const problem = historicalProblem(policy, known, at, now.getTime(), (await currentVersionsSince(project)).get(policy.id));
    if (problem) throw new PreceptError(`--at ${at.dayOnly ? at.date : at.iso}: ${problem}`, { exitCode: 1 });
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
