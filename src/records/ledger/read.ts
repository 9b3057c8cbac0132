import { createHash } from 'node:crypto';
import { lstat, open, readFile, realpath } from 'node:fs/promises';
import { Memo } from '../../core/memo.js';
import path from 'node:path';
import { diagnosticAt } from '../../core/diagnostics/diagnostic.js';
import type { GitRepo } from '../../history/git.js';
import { anchorDiagnostics, committedBlob, committedLedger, countLines, isCommittedPrefix, sharedLines } from './anchor.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { parallelParse, PARALLEL_MIN_BYTES } from './parallel-parse.js';
import { LEDGER_RULE, parseLedger, type LedgerEntry, type ParsedLedger } from './parse.js';
import { repeatDiagnostics } from './repeats.js';

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
  /** How many lines, from the first, are as committed at the anchor (undefined without one). */
  anchored: number | undefined;
  /**
   * Records left out of `entries` because they came after the anchor's (see countRecordsAtBase:
   * a pull request's own records); empty otherwise.
   */
  added: LedgerEntry<T>[];
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
 * The file's bytes in a SharedArrayBuffer, or undefined when it is not `size` bytes long once
 * read (it grew or shrank since it was looked at: read it the ordinary way instead).
 */
async function readShared(file: string, size: number): Promise<SharedArrayBuffer | undefined> {
  const handle = await open(file, 'r');
  try {
    const bytes = new SharedArrayBuffer(size);
    const buf = Buffer.from(bytes);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(buf, at, size - at, at);
      if (bytesRead === 0) return undefined;
      at += bytesRead;
    }
    const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, size);
    return bytesRead === 0 ? bytes : undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Ledgers verified, by their bytes (with the file's name and kind, which diagnostics and the
 * schema depend on): a dev rebuild after an edit to a policy reads the same ledgers again, and
 * checking every line was most of reading them. Only smaller ledgers are kept (the large ones
 * go to parallelParse), at most 16 MiB of them.
 */
const parses = new Memo<string, ParsedLedger<ChainFields>>({ entries: 8, weight: 16 * 1024 * 1024, weigh: (key) => Number(key.slice(0, key.indexOf(':'))) });

function parseRemembered<T extends ChainFields>(file: string, bytes: Uint8Array, kind: LedgerKind<T>): ParsedLedger<T> {
  const key = `${bytes.byteLength}:${kind.id}:${file}:${createHash('sha256').update(bytes).digest('hex')}`;
  const parsed = parses.get(key, () => parseLedger(file, bytes, kind)) as ParsedLedger<T>;
  // Each reader gets lists of its own: readLedger adds diagnostics to them, callers filter and add.
  return { ...parsed, entries: [...parsed.entries], diagnostics: [...parsed.diagnostics], lineHashes: [...parsed.lineHashes] };
}

/**
 * Reads and verifies a ledger (see parseLedger); with `git`, also checks that the version
 * committed at HEAD is a prefix of it. A missing file is an empty ledger.
 */
export async function readLedger<T extends ChainFields>(root: string, recordsDir: string, kind: LedgerKind<T>, options: ReadLedgerOptions = {}): Promise<LedgerRead<T>> {
  const where = ledgerPath(root, recordsDir, kind);
  const empty = { kind, ...where, entries: [], lines: 0, diagnostics: [], torn: undefined, lineHashes: [], size: 0, anchor: undefined, anchored: undefined, added: [] };
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
  // A large ledger is read into memory a helper thread shares, to check it on two threads.
  const shared = info.size >= PARALLEL_MIN_BYTES ? await readShared(where.path, info.size) : undefined;
  const bytes = shared ? Buffer.from(shared) : await readFile(where.path);
  // Ask git about the committed ledger while this thread verifies the file.
  const ref = options.anchor ?? 'HEAD';
  const blob = options.git ? committedBlob(options.git, ref, where.file) : Promise.resolve(undefined);
  const label = options.git ? options.git.resolve(ref).then((c) => `${ref} (${c.slice(0, 7)})`, () => undefined) : Promise.resolve(undefined);
  // Whether the committed ledger is a prefix of the file: hashed while the helper thread finishes.
  let prefix: boolean | undefined;
  const hashPrefix = async () => {
    const committed = await blob;
    if (committed) prefix = isCommittedPrefix(committed, bytes);
  };
  const parsed = shared ? await parallelParse(where.file, shared, shared.byteLength, kind, hashPrefix) : parseRemembered(where.file, bytes, kind);
  parsed.diagnostics.push(...repeatDiagnostics(where.file, parsed.entries, kind));
  if (parsed.torn) {
    parsed.diagnostics.push(diagnosticAt(where.file, { line: parsed.torn.line, column: 1 }, LEDGER_RULE, 'error',
      `line ${parsed.torn.line} is incomplete (${parsed.torn.bytes} bytes without a newline): an append was interrupted, and the line is not used`,
      'run `precept ledger repair` to remove it'));
  }
  let anchor: string | undefined;
  let anchored: number | undefined;
  const committed = await blob;
  if (options.git && committed) {
    anchor = await label;
    // The usual case, a ledger that only grew since the commit, needs no line-by-line comparison.
    if (anchor && (prefix ?? isCommittedPrefix(committed, bytes))) {
      anchored = countLines(bytes, committed.size);
    } else if (anchor) {
      const old = await committedLedger(options.git, ref, where.file);
      if (old) {
        parsed.diagnostics.push(...anchorDiagnostics(where.file, bytes, old, anchor));
        anchored = sharedLines(bytes, old);
      }
    }
  }
  return { kind, ...where, exists: true, ...parsed, anchor, anchored, added: [] };
}
