import { execFile } from 'node:child_process';
import { failure } from '../../core/i18n/failure.js';
import { parseSshPublicKey, SshKeyError, type SshPublicKey } from '../../core/sshsig/public-key.js';
import { parseSshSignature, verifySshSignature, type SshVerification } from '../../core/sshsig/signature.js';
import type { Roster } from '../../repo/project/types.js';
import type { ApprovalRecord } from '../../repo/schema/types.generated.js';
import { serializeRecord } from '../ledger/chain.js';

/**
 * The SSHSIG namespace of approval signatures. A signature made for git commits or for anything
 * else (another namespace) can never be passed off as an approval, nor one the other way round.
 */
export const APPROVAL_NAMESPACE = 'precept-approval';

/** An approval's fields without the chain and the signature: what an approver signs. */
export type SignedFields = Omit<ApprovalRecord, 'seq' | 'prev' | 'signature'>;

/**
 * The exact bytes an approval's signature covers: the record's own fields (policy, version,
 * content hash, approver, decision, time, source, commit, note) in the ledger's canonical JSON,
 * without `seq`, `prev` and `signature`. Changing any of them, or moving the signature to another
 * record, breaks it; the chain fields are left out so signing needs no lock on the ledger.
 */
export function approvalMessage(record: SignedFields & Partial<Pick<ApprovalRecord, 'seq' | 'prev' | 'signature'>>): Buffer {
  const { seq: _seq, prev: _prev, signature: _signature, ...fields } = record;
  return Buffer.from(serializeRecord(fields), 'utf8');
}

/** Each person's SSH keys from the roster, and the entries that could not be read (with their index). */
export interface RosterKeys {
  keys: Map<string, SshPublicKey[]>;
  problems: { person: string; index: number; entry: number; message: string }[];
}

const rosterKeyCache = new WeakMap<Roster, RosterKeys>();

/** Reads every `sshKeys` entry of a roster once. */
export function rosterKeys(roster: Roster): RosterKeys {
  let found = rosterKeyCache.get(roster);
  if (found) return found;
  found = { keys: new Map(), problems: [] };
  for (const { person, index } of roster.people.values()) {
    const keys: SshPublicKey[] = [];
    (person.sshKeys ?? []).forEach((line, entry) => {
      try {
        keys.push(parseSshPublicKey(line));
      } catch (error) {
        if (!(error instanceof SshKeyError)) throw error;
        found!.problems.push({ person: person.id, index, entry, message: error.message });
      }
    });
    if (keys.length) found.keys.set(person.id, keys);
  }
  rosterKeyCache.set(roster, found);
  return found;
}

/** Verifies a signed approval against its approver's keys on `roster`. */
export function verifyApproval(record: SignedFields & { signature?: string }, roster: Roster): SshVerification {
  if (record.signature === undefined) throw new Error('verifyApproval: the record is not signed');
  return verifySshSignature(record.signature, approvalMessage(record), APPROVAL_NAMESPACE, rosterKeys(roster).keys.get(record.approver) ?? []);
}

/**
 * How an approval was proven to be its approver's, for the portal, `approvals status` and the
 * auditor pack's approval log:
 * - `ssh-signature`: signed with an SSH key the roster lists for the approver (`verified`), or a
 *   signature that does not verify (`problem` says why; `check` reports it as an error);
 * - `github-review`: a GitHub pull request review by `reviewer` (older records lack the login);
 * - `unsigned`: recorded with `precept approve` and nothing else: whoever could write to the
 *   repository could have written it;
 * - `other`: a source precept does not know how to prove (kept for records of newer versions).
 */
export type ApprovalProof =
  | { method: 'ssh-signature'; verified: true; fingerprint: string; keyType: string }
  | { method: 'ssh-signature'; verified: false; fingerprint: string | undefined; problem: string }
  | { method: 'github-review'; repository: string; pullRequest: number; review: number | undefined; reviewer: string | undefined }
  | { method: 'unsigned' }
  | { method: 'other'; source: string };

/**
 * How an approval record was proven (see ApprovalProof). `roster` is the trusted one: on a
 * branch, the base's; a key a pull request adds does not vouch for it.
 */
export function approvalProof(record: ApprovalRecord, roster: Roster): ApprovalProof {
  if (record.signature !== undefined) {
    const result = verifyApproval(record, roster);
    if (result.ok) return { method: 'ssh-signature', verified: true, fingerprint: result.key.fingerprint, keyType: result.key.type };
    return { method: 'ssh-signature', verified: false, fingerprint: result.signature?.publicKey.fingerprint, problem: result.message };
  }
  const pr = /^github:([^#]+)#(\d+)$/.exec(record.source);
  if (pr) return { method: 'github-review', repository: pr[1]!, pullRequest: Number(pr[2]), review: record.review, reviewer: record.reviewer };
  if (record.source === 'cli') return { method: 'unsigned' };
  return { method: 'other', source: record.source };
}

/** Where ssh-keygen is: `PRECEPT_SSH_KEYGEN` may name another for tests or unusual installs. */
export interface SignOptions {
  sshKeygen?: string;
  /** Give up on ssh-keygen after this long (it may wait on a passphrase prompt); default 5 minutes. */
  timeoutMs?: number;
}

/**
 * Signs an approval's message with `ssh-keygen -Y sign -n precept-approval -f KEY`, as git signs
 * commits: the key file may be a private key (ssh-keygen asks for its passphrase on the
 * terminal) or a public key whose private half is in ssh-agent. Returns the armored signature.
 */
export function signApprovalMessage(message: Buffer, keyFile: string, options: SignOptions = {}): Promise<string> {
  const program = options.sshKeygen ?? 'ssh-keygen';
  return new Promise((resolve, reject) => {
    const child = execFile(program, ['-Y', 'sign', '-n', APPROVAL_NAMESPACE, '-f', keyFile], { timeout: options.timeoutMs ?? 300_000, maxBuffer: 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(failure('sign.no-ssh-keygen', { program }));
        const said = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Signing data on standard input/.test(l)).join('; ');
        return reject(failure('sign.ssh-keygen-failed', { key: keyFile, said: said ? 'yes' : 'no', message: said }, { exitCode: 1 }));
      }
      try {
        parseSshSignature(stdout);
      } catch (problem) {
        return reject(failure('sign.ssh-keygen-unusable', { key: keyFile, error: (problem as Error).message }));
      }
      resolve(stdout.trim());
    });
    child.stdin?.end(message);
  });
}
