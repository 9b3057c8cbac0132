import { PreceptError } from '../../core/errors.js';
import { serializeRecord, type ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { parseLedger, type LedgerEntry, type ParsedLedger } from './parse.js';
import { chainEndAt, recordBody, Rechain } from './rechain.js';
import { splitLines } from './parse.js';

/** What a three-way merge of a ledger gave. */
export interface LedgerMerge {
  /** The merged ledger. */
  bytes: Buffer;
  /** Records committed at the merge base, kept as they were. */
  base: number;
  /** Records each side appended that the result keeps. */
  ours: number;
  theirs: number;
  /** Records dropped because the other side (or the base) already holds one with the same key. */
  duplicates: number;
}

interface Appended<T> {
  record: T;
  /** Sort key: the record's time, then its canonical text without chain fields. */
  at: string;
  body: string;
}

function verified<T extends ChainFields>(label: string, file: string, bytes: Buffer, kind: LedgerKind<T>): ParsedLedger<T> {
  const parsed = parseLedger(file, bytes, kind);
  if (parsed.torn) throw new PreceptError(`${label}: ${file} ends with an incomplete line ${parsed.torn.line}; run \`precept ledger repair\` on that side first`, { exitCode: 1 });
  const problem = parsed.diagnostics[0];
  if (problem) throw new PreceptError(`${label}: ${file} does not verify: line ${problem.line}: ${problem.message}`, { exitCode: 1, diagnostics: parsed.diagnostics });
  return parsed;
}

/** Refuses a side whose ledger does not start with the base's records, byte for byte. */
function assertExtends(label: string, file: string, base: Buffer, side: Buffer): void {
  if (side.length >= base.length && side.subarray(0, base.length).equals(base)) return;
  const limit = Math.min(base.length, side.length);
  let i = 0;
  while (i < limit && base[i] === side[i]) i++;
  const line = base.subarray(0, i).reduce((n, b) => (b === 10 ? n + 1 : n), 0) + 1;
  throw new PreceptError(side.length < base.length && i === side.length
    ? `${label} removed records of ${file} committed at the merge base (from line ${line}); records are never removed, so this merge is left to you`
    : `${label} changed record ${line} of ${file}, committed at the merge base; committed records are never changed, so this merge is left to you`, { exitCode: 1 });
}

const appended = <T extends ChainFields>(entries: readonly LedgerEntry<T>[], from: number): Appended<T>[] =>
  entries.filter((e) => e.line > from).map((e) => ({
    record: e.record,
    at: String((e.record as { at?: unknown }).at ?? ''),
    body: serializeRecord(recordBody(e.record)),
  }));

const before = (a: Appended<unknown>, b: Appended<unknown>) => a.at < b.at || (a.at === b.at && a.body <= b.body);

/**
 * Merges a ledger that two branches both appended to, as git's merge driver: the base's records
 * stay as they are; the records each side appended follow, the two runs merged by record time
 * (each side's own order kept; equal times by the record's text), so the result does not depend
 * on which side is "ours"; a record whose key (the kind's `key`) is already in the base or earlier
 * in the result is dropped; the appended records are chained again (`seq`, `prev`). Throws a
 * PreceptError (exit 1) when a side does not verify or changed or removed the base's records:
 * that conflict is for a person.
 */
export function mergeLedgers<T extends ChainFields>(kind: LedgerKind<T>, file: string, base: Buffer, ours: Buffer, theirs: Buffer): LedgerMerge {
  const parsedBase = verified('the merge base', file, base, kind);
  const parsedOurs = verified('our side', file, ours, kind);
  const parsedTheirs = verified('their side', file, theirs, kind);
  assertExtends('our side', file, base, ours);
  assertExtends('their side', file, base, theirs);
  const a = appended(parsedOurs.entries, parsedBase.lines);
  const b = appended(parsedTheirs.entries, parsedBase.lines);
  const seen = new Set(parsedBase.entries.map((e) => kind.key(recordBody(e.record))));
  const chain = new Rechain(chainEndAt(base, splitLines(base), parsedBase.lines));
  const kept = { ours: 0, theirs: 0, duplicates: 0 };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const fromOurs = j >= b.length || (i < a.length && before(a[i]!, b[j]!));
    const next = fromOurs ? a[i++]! : b[j++]!;
    const key = kind.key(recordBody(next.record));
    if (seen.has(key)) {
      kept.duplicates++;
      continue;
    }
    seen.add(key);
    chain.push(next.record);
    if (fromOurs) kept.ours++;
    else kept.theirs++;
  }
  const bytes = Buffer.concat([base, chain.bytes()]);
  const check = parseLedger(file, bytes, kind);
  if (check.diagnostics.length) throw new PreceptError(`merging ${file} gave a ledger that does not verify (${check.diagnostics[0]!.message}); nothing was written`);
  return { bytes, base: parsedBase.lines, ...kept };
}
