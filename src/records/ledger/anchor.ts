import { createHash } from 'node:crypto';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { GitRepo } from '../../history/git.js';
import { LEDGER_RULE, ledgerSays } from './parse.js';

/** A ledger's bytes as committed at a ref, or undefined when the ref has no such file. */
export async function committedLedger(git: GitRepo, ref: string, rootRelative: string): Promise<Buffer | undefined> {
  const blob = await committedBlob(git, ref, rootRelative);
  return blob && (await git.readBlobs([blob.id])).get(blob.id);
}

/** The id and size of a ledger's blob at a ref, or undefined when the ref has no such file. */
export async function committedBlob(git: GitRepo, ref: string, rootRelative: string): Promise<{ id: string; size: number } | undefined> {
  try {
    const info = await git.objectInfo(`${ref}:${git.toGitPath(rootRelative)}`);
    return info?.type === 'blob' ? { id: info.id, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a committed blob is a byte prefix of the current file, decided by hashing that prefix
 * as git hashes a blob (SHA-1, or SHA-256 in a SHA-256 repository) rather than reading the blob:
 * a ledger's history grows, and this is what every status report checks.
 */
export function isCommittedPrefix(blob: { id: string; size: number }, current: Uint8Array): boolean {
  if (blob.size > current.length) return false;
  const hash = createHash(blob.id.length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${blob.size}\0`);
  hash.update(current.subarray(0, blob.size));
  return hash.digest('hex') === blob.id;
}

/**
 * How many newlines the first `end` bytes hold: the complete lines of a committed prefix. Native
 * search from newline to newline (a ledger's prefix is tens of megabytes: a callback per byte took
 * seconds).
 */
export function countLines(bytes: Uint8Array, end: number): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(end, bytes.byteLength));
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

function completeLines(bytes: Uint8Array): Buffer[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, start)) {
    lines.push(buf.subarray(start, i));
    start = i + 1;
  }
  return lines;
}

/** How many complete lines, from the first, the current ledger shares with a committed version of it. */
export function sharedLines(current: Uint8Array, committed: Uint8Array): number {
  const before = completeLines(committed);
  const now = completeLines(current);
  let i = 0;
  while (i < before.length && i < now.length && before[i]!.equals(now[i]!)) i++;
  return i;
}

/**
 * Checks that a committed version of a ledger is a prefix of the current one: the chain cannot
 * show that trailing records were removed or that the last one was edited, but git history can.
 */
export function anchorDiagnostics(file: string, current: Uint8Array, committed: Uint8Array, label: string, locale = 'en'): Diagnostic[] {
  const before = completeLines(committed);
  const now = completeLines(current);
  const say = ledgerSays(locale);
  const hint = () => say('anchor-hint', { label, ref: label.split(' ')[0]!, file });
  for (let i = 0; i < before.length; i++) {
    const line = i + 1;
    if (i >= now.length) {
      return [diagnosticAt(file, { line, column: 1 }, LEDGER_RULE, 'error',
        say('anchor-removed', { label, committed: String(before.length), now: String(now.length), first: String(line), one: line === before.length ? 'yes' : 'no' }), hint())];
    }
    if (!before[i]!.equals(now[i]!)) {
      return [diagnosticAt(file, { line, column: 1 }, LEDGER_RULE, 'error', say('anchor-changed', { line: String(line), label }), hint())];
    }
  }
  return [];
}
