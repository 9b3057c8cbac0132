import { PreceptError } from '../../core/errors.js';
import { sayIn } from '../../core/i18n/messages.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { parseLedger, splitLines, type LedgerEntry } from './parse.js';
import { chainEndAt, checkedContinuation, checkedRun, completeLines, recordBody, Rechain, type ChainEnd } from './rechain.js';

/** Where a rebase stands, to carry on with local lines appended after those it was given. */
export interface RebaseState {
  /** The latest record in the result with each key (what a later record may repeat). */
  latest: Map<string, object>;
  /** The end of the result's chain. */
  end: ChainEnd;
  /** The end of the local ledger's chain as far as it was read. */
  localEnd: ChainEnd;
}

/** A local ledger re-chained onto an upstream one. */
export interface Rebased<T> {
  /** The upstream ledger followed by the local records it lacks. */
  bytes: Buffer;
  /** Complete lines in `bytes`. */
  lines: number;
  /** Lines both ledgers begin with, byte for byte. */
  common: number;
  /** Upstream records after the common lines: what the local ledger did not have. */
  upstream: LedgerEntry<T>[];
  /** Local records after the common lines, as they are now numbered in the result. */
  kept: LedgerEntry<T>[];
  /** Local records after the common lines that repeat one upstream holds (the kind's `key` and `repeats`), dropped. */
  dropped: LedgerEntry<T>[];
  state: RebaseState;
}

/** The number of complete lines two ledgers begin with, byte for byte. */
function commonLines(a: Buffer, b: Buffer): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  // Compare in large blocks first: the shared part is usually nearly all of both.
  for (let step = 1 << 16; step >= 1; step >>= 4) {
    while (i + step <= limit && a.subarray(i, i + step).equals(b.subarray(i, i + step))) i += step;
  }
  while (i < limit && a[i] === b[i]) i++;
  let lines = 0;
  for (let k = a.indexOf(10); k >= 0 && k < i; k = a.indexOf(10, k + 1)) lines++;
  return lines;
}

function keep<T extends ChainFields>(kind: LedgerKind<T>, state: RebaseState, chain: Rechain, entries: readonly LedgerEntry<T>[], kept: LedgerEntry<T>[], dropped: LedgerEntry<T>[]): void {
  for (const entry of entries) {
    const body = recordBody(entry.record);
    const key = kind.key(body);
    const earlier = state.latest.get(key) as Omit<T, keyof ChainFields> | undefined;
    if (earlier && kind.repeats(earlier, body)) {
      dropped.push(entry);
      continue;
    }
    state.latest.set(key, body);
    chain.push(entry.record);
    kept.push({ line: chain.end.seq, record: JSON.parse(chain.lines[chain.lines.length - 1]!) as T });
  }
}

/**
 * Re-chains a local ledger onto an upstream one (`precept ledger rebase --onto`, and the portal's
 * sync): the result is the upstream ledger, byte for byte, followed by the local records after the
 * lines both share, in their local order, with new `seq` and `prev`; a local record whose key
 * upstream already holds is dropped. Upstream must verify in full; the local records after the
 * shared lines must be valid and chained. Throws a PreceptError otherwise, said in `locale`.
 */
export function rebaseLedger<T extends ChainFields>(kind: LedgerKind<T>, file: string, upstream: Buffer, local: Buffer, locale = 'en'): Rebased<T> {
  const say = (key: string, values: Record<string, string>) => sayIn(locale, `ledger.rechain.${key}`, { file, ...values });
  const up = parseLedger(file, upstream, kind, locale);
  const problem = up.diagnostics[0];
  if (problem) throw new PreceptError(say('upstream-bad', { line: String(problem.line), problem: problem.message }), { exitCode: 1, diagnostics: up.diagnostics, locale });
  if (up.torn) throw new PreceptError(say('upstream-torn', { line: String(up.torn.line) }), { exitCode: 1, locale });
  const localSplit = splitLines(local);
  if (localSplit.torn) throw new PreceptError(say('local-torn', { line: String(localSplit.torn.line) }), { exitCode: 1, locale });
  const common = commonLines(upstream, local);
  const localEnd = chainEndAt(local, localSplit, common);
  const tail = checkedRun(file, kind, local, localSplit, common, localEnd, locale);
  const state: RebaseState = {
    latest: new Map(up.entries.map((e) => [kind.key(recordBody(e.record)), recordBody(e.record)] as const)),
    end: chainEndAt(upstream, splitLines(upstream), up.lines),
    localEnd: chainEndAt(local, localSplit, localSplit.starts.length),
  };
  const chain = new Rechain(state.end);
  const kept: LedgerEntry<T>[] = [];
  const dropped: LedgerEntry<T>[] = [];
  keep(kind, state, chain, tail, kept, dropped);
  state.end = chain.end;
  return {
    bytes: Buffer.concat([upstream, chain.bytes()]),
    lines: chain.end.seq,
    common,
    upstream: up.entries.filter((e) => e.line > common),
    kept,
    dropped,
    state,
  };
}

/**
 * Carries a rebase on with complete local lines appended after those it was given (a live
 * ledger that grew meanwhile): returns the lines to append to the result, and moves `state` on.
 */
export function continueRebase<T extends ChainFields>(kind: LedgerKind<T>, file: string, state: RebaseState, more: Buffer): { bytes: Buffer; kept: LedgerEntry<T>[]; dropped: LedgerEntry<T>[] } {
  const run = completeLines(more);
  const entries = checkedContinuation(file, kind, run, state.localEnd);
  if (run.length) {
    const split = splitLines(run);
    state.localEnd = { hash: chainEndAt(run, split, split.starts.length).hash, seq: state.localEnd.seq + split.starts.length };
  }
  const chain = new Rechain(state.end);
  const kept: LedgerEntry<T>[] = [];
  const dropped: LedgerEntry<T>[] = [];
  keep(kind, state, chain, entries, kept, dropped);
  state.end = chain.end;
  return { bytes: chain.bytes(), kept, dropped };
}
