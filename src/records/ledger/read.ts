import { lstat, open, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { diagnosticAt } from '../../core/diagnostics/diagnostic.js';
import type { GitRepo } from '../../history/git.js';
import { anchorDiagnostics, committedBlob, committedLedger, isCommittedPrefix } from './anchor.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { LEDGER_RULE, parseLedger, type LedgerEntry, type ParsedLedger } from './parse.js';

/** Ledgers may grow large (one line per acknowledgement), but not without bound. */
export const LEDGER_MAX_BYTES = 256 * 1024 * 1024;

/** A ledger file read and verified, with where it lives. */
export interface LedgerRead<T extends ChainFields> extends ParsedLedger<T> {
  kind: LedgerKind<T>;
  /** Repo-relative POSIX path, as diagnostics name it. */
  file: string;
  /** Absolute path. */
  path: string;
  exists: boolean;
  /** The committed version it was checked against ("HEAD (abc1234)"), when there was one. */
  anchor: string | undefined;
}

/** Options for reading a ledger. */
export interface ReadLedgerOptions {
  /** Check the file against its committed version at `anchor` (default HEAD) in this repository. */
  git?: GitRepo | undefined;
  anchor?: string;
}

/** The path of a ledger in a repo. */
export function ledgerPath(root: string, recordsDir: string, kind: LedgerKind): { file: string; path: string } {
  const file = path.posix.join(recordsDir, kind.file);
  return { file, path: path.join(root, file) };
}

/**
 * Reads and verifies a ledger (see parseLedger); with `git`, also checks that the version
 * committed at HEAD is a prefix of it. A missing file is an empty ledger.
 */
export async function readLedger<T extends ChainFields>(root: string, recordsDir: string, kind: LedgerKind<T>, options: ReadLedgerOptions = {}): Promise<LedgerRead<T>> {
  const where = ledgerPath(root, recordsDir, kind);
  const empty = { kind, ...where, entries: [], lines: 0, diagnostics: [], torn: undefined, lineHashes: [], size: 0, anchor: undefined };
  const info = await lstat(where.path).catch(() => undefined);
  if (!info) return { ...empty, exists: false };
  const top = { line: 1, column: 1 };
  const [rootReal, dirReal] = await Promise.all([realpath(root), realpath(path.dirname(where.path))]);
  if (dirReal !== rootReal && !dirReal.startsWith(rootReal + path.sep)) {
    return { ...empty, exists: true, diagnostics: [diagnosticAt(where.file, top, LEDGER_RULE, 'error', `${path.posix.dirname(where.file)} leads outside the repository (to ${dirReal}); ledgers there are not used`)] };
  }
  if (!info.isFile()) {
    return { ...empty, exists: true, diagnostics: [diagnosticAt(where.file, top, LEDGER_RULE, 'error', `${where.file} is not a regular file (a symlink or a folder); ledgers are never followed through links`)] };
  }
  if (info.size > LEDGER_MAX_BYTES) {
    return { ...empty, exists: true, diagnostics: [diagnosticAt(where.file, top, LEDGER_RULE, 'error', `${where.file} is ${info.size} bytes; the limit is ${LEDGER_MAX_BYTES}`)] };
  }
  const bytes = await readFile(where.path);
  // Ask git about the committed ledger while this thread verifies the file.
  const ref = options.anchor ?? 'HEAD';
  const blob = options.git ? committedBlob(options.git, ref, where.file) : Promise.resolve(undefined);
  const label = options.git ? options.git.resolve(ref).then((c) => `${ref} (${c.slice(0, 7)})`, () => undefined) : Promise.resolve(undefined);
  const parsed = parseLedger(where.file, bytes, kind);
  if (parsed.torn) {
    parsed.diagnostics.push(diagnosticAt(where.file, { line: parsed.torn.line, column: 1 }, LEDGER_RULE, 'error',
      `line ${parsed.torn.line} is incomplete (${parsed.torn.bytes} bytes without a newline): an append was interrupted, and the line is not used`,
      'run `precept ledger repair` to remove it'));
  }
  let anchor: string | undefined;
  const committed = await blob;
  if (options.git && committed) {
    anchor = await label;
    // The usual case, a ledger that only grew since the commit, needs no line-by-line comparison.
    if (anchor && !isCommittedPrefix(committed, bytes)) {
      const old = await committedLedger(options.git, ref, where.file);
      if (old) parsed.diagnostics.push(...anchorDiagnostics(where.file, bytes, old, anchor));
    }
  }
  return { kind, ...where, exists: true, ...parsed, anchor };
}

/**
 * The records appended to a ledger after the first `known.size` bytes (`known.lines` lines): a
 * reader that loaded the ledger catching up. Complete lines only; lines that are not JSON are
 * skipped (verification reports them).
 */
export async function readAppended<T extends ChainFields>(file: string, known: { size: number; lines: number }): Promise<{ entries: LedgerEntry<T>[]; size: number; lines: number }> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  let bytes = Buffer.alloc(0);
  if (handle) {
    try {
      // Only the bytes after what the reader has: the ledger's settled part is not read again.
      const length = Math.max(0, (await handle.stat()).size - known.size);
      bytes = Buffer.alloc(length);
      const { bytesRead } = await handle.read(bytes, 0, length, known.size);
      bytes = bytes.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const entries: LedgerEntry<T>[] = [];
  let { lines } = known;
  let at = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, at)) {
    const text = bytes.toString('utf8', at, nl);
    at = nl + 1;
    lines++;
    try {
      entries.push({ line: lines, record: JSON.parse(text) as T });
    } catch {
      // Not a record: verification reports it.
    }
  }
  return { entries, size: known.size + at, lines };
}
