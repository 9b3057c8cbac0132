import { PreceptError } from '../../core/errors.js';
import { serializeRecord, type ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { parseLedger, type ParsedLedger } from './parse.js';
import { rebaseLedger } from './rebase.js';
import { recordBody } from './rechain.js';

/** What a three-way merge of a ledger gave. */
export interface LedgerMerge {
  /** The merged ledger. */
  bytes: Buffer;
  /** Records committed at the merge base. */
  base: number;
  /** Records of their side: all kept, byte for byte. */
  theirs: number;
  /** Records our side appended that the result keeps, re-chained after theirs. */
  ours: number;
  /** Records of our side dropped because they repeat one their side holds (the kind's `key` and `repeats`). */
  duplicates: number;
}

function verified<T extends ChainFields>(label: string, file: string, bytes: Buffer, kind: LedgerKind<T>): ParsedLedger<T> {
  const parsed = parseLedger(file, bytes, kind);
  if (parsed.torn) throw new PreceptError(`${label}: ${file} ends with an incomplete line ${parsed.torn.line}; run \`precept ledger repair\` on that side first`, { exitCode: 1 });
  const problem = parsed.diagnostics[0];
  if (problem) throw new PreceptError(`${label}: ${file} does not verify: line ${problem.line}: ${problem.message}`, { exitCode: 1, diagnostics: parsed.diagnostics });
  return parsed;
}

/**
 * Refuses a side that changed or removed a record of the base. A side that begins with the
 * base's bytes is fine; so is one that holds every base record unchanged but numbered and chained
 * anew (an earlier merge re-chained them), since no record's content changed.
 */
function assertKeeps<T extends ChainFields>(label: string, file: string, kind: LedgerKind<T>, base: Buffer, baseParsed: ParsedLedger<T>, side: Buffer, sideParsed: ParsedLedger<T>): void {
  if (side.length >= base.length && side.subarray(0, base.length).equals(base)) return;
  const bodies = new Set<string>();
  const keys = new Set<string>();
  for (const e of sideParsed.entries) {
    bodies.add(serializeRecord(recordBody(e.record)));
    keys.add(kind.key(recordBody(e.record)));
  }
  for (const e of baseParsed.entries) {
    if (bodies.has(serializeRecord(recordBody(e.record)))) continue;
    throw new PreceptError(!keys.has(kind.key(recordBody(e.record)))
      ? `${label} removed record ${e.line} of ${file}, committed at the merge base; records are never removed, so this merge is left to you`
      : `${label} changed record ${e.line} of ${file}, committed at the merge base; committed records are never changed, so this merge is left to you`, { exitCode: 1 });
  }
}

/**
 * Merges a ledger that two branches both appended to, as git's merge driver. The result is
 * their side's ledger byte for byte (the branch being merged in: usually the shared one, which
 * others have already built on), followed by the records our side appended that theirs lacks,
 * in our order, numbered and chained anew; a record that repeats the latest one with its key (the
 * kind's `key` and `repeats`: for acknowledgements any record of the same person, policy and
 * version; for approvals the same decision from the same source) is dropped. The base's records stay as they are. Throws a PreceptError (exit 1), leaving the
 * conflict to git, when a side does not verify or changed or removed a record of the base.
 */
export function mergeLedgers<T extends ChainFields>(kind: LedgerKind<T>, file: string, base: Buffer, ours: Buffer, theirs: Buffer): LedgerMerge {
  const parsedBase = verified('the merge base', file, base, kind);
  const parsedOurs = verified('our side', file, ours, kind);
  const parsedTheirs = verified('their side', file, theirs, kind);
  assertKeeps('our side', file, kind, base, parsedBase, ours, parsedOurs);
  assertKeeps('their side', file, kind, base, parsedBase, theirs, parsedTheirs);
  const rebased = rebaseLedger(kind, file, theirs, ours);
  const check = parseLedger(file, rebased.bytes, kind);
  if (check.diagnostics.length) throw new PreceptError(`merging ${file} gave a ledger that does not verify (${check.diagnostics[0]!.message}); nothing was written`);
  return { bytes: rebased.bytes, base: parsedBase.lines, theirs: parsedTheirs.lines, ours: rebased.kept.length, duplicates: rebased.dropped.length };
}
