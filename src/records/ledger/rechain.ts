import { PreceptError } from '../../core/errors.js';
import { failure } from '../../core/i18n/failure.js';
import { sayIn } from '../../core/i18n/messages.js';
import { chainRecord, GENESIS, lineHash, serializeRecord, type ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { checkLines, splitLines, type LedgerEntry, type LineSplit } from './parse.js';

/** Where a chain stands: the hash and number of its last line. */
export interface ChainEnd {
  hash: string;
  seq: number;
}

/** A ledger's start: no line yet. */
export const EMPTY_CHAIN: ChainEnd = { hash: GENESIS, seq: 0 };

/** A record without its chain fields: what a merge or a rebase carries to a new position. */
export function recordBody<T extends ChainFields>(record: T): Omit<T, keyof ChainFields> {
  const { seq: _seq, prev: _prev, ...body } = record;
  return body;
}

/** Canonical lines written after a chain's end, each given its new `seq` and `prev`. */
export class Rechain {
  readonly lines: string[] = [];

  constructor(public end: ChainEnd) {}

  /** Appends a record (its own seq and prev are replaced); returns its line. */
  push(record: object): string {
    const line = serializeRecord(chainRecord(recordBody(record as ChainFields), this.end));
    this.end = { hash: lineHash(line), seq: this.end.seq + 1 };
    this.lines.push(line);
    return line;
  }

  /** The new lines as bytes, each with its newline. */
  bytes(): Buffer {
    return Buffer.from(this.lines.map((l) => `${l}\n`).join(''), 'utf8');
  }
}

/** The hash and number of line `count` (1-based) of a split ledger; the empty chain for 0. */
export function chainEndAt(buf: Buffer, split: LineSplit, count: number): ChainEnd {
  if (count === 0) return EMPTY_CHAIN;
  return { hash: lineHash(buf.subarray(split.starts[count - 1], split.ends[count - 1])), seq: count };
}

/** Bytes up to and including the last newline: the complete lines. */
export function completeLines(bytes: Buffer): Buffer {
  return bytes.subarray(0, bytes.lastIndexOf(10) + 1);
}

/**
 * The records on lines [from, n) of a ledger's bytes, checked on their own (JSON, schema,
 * canonical form) and as a chain continuing line `from` (whose hash and number `previous` gives).
 * Throws a PreceptError naming the first bad line, said in `locale`. Only those lines are read: a
 * ledger's settled part is not checked again.
 */
export function checkedRun<T extends ChainFields>(file: string, kind: LedgerKind<T>, buf: Buffer, split: LineSplit, from: number, previous: ChainEnd, locale = 'en'): LedgerEntry<T>[] {
  const n = split.starts.length;
  if (from >= n) return [];
  const checked = checkLines(file, buf, split, from, n, kind, locale);
  const problem = checked.diagnostics[0];
  const fail = (key: string, values: Record<string, string>, diagnostics?: typeof checked.diagnostics) => {
    throw new PreceptError(sayIn(locale, `ledger.rechain.${key}`, { file, ...values }), { exitCode: 1, locale, ...(diagnostics ? { diagnostics } : {}) });
  };
  if (problem) fail('line-bad', { line: String(problem.line), problem: problem.message }, checked.diagnostics);
  let end = previous;
  for (let k = 0; k < n - from; k++) {
    const line = String(from + k + 1);
    if (checked.seqs[k] !== end.seq + 1) fail('line-seq', { line, seq: String(checked.seqs[k]), expected: String(end.seq + 1) });
    if (checked.prevs[k] !== end.hash) fail('line-chain', { line });
    end = { hash: checked.hashes[k]!, seq: end.seq + 1 };
  }
  return checked.entries;
}

/**
 * Checks a run of complete lines that continues a ledger after `previous` (its first line is line
 * `previous.seq + 1`), without the lines before it.
 */
export function checkedContinuation<T extends ChainFields>(file: string, kind: LedgerKind<T>, run: Buffer, previous: ChainEnd): LedgerEntry<T>[] {
  const own = splitLines(run);
  if (own.torn) throw failure('ledger.torn-continuation', { file }, { exitCode: 1 });
  // Sparse arrays put the run at its real line numbers, so messages name the file's lines.
  const offset = previous.seq;
  const split: LineSplit = { starts: [], ends: [], torn: undefined };
  own.starts.forEach((s, i) => {
    split.starts[offset + i] = s;
    split.ends[offset + i] = own.ends[i]!;
  });
  return checkedRun(file, kind, run, split, offset, previous);
}
