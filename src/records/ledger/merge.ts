import { PreceptError } from '../../core/errors.js';
import { sayIn } from '../../core/i18n/messages.js';
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

/** Which ledger a message is about: the merge base's, ours (the branch merged into) or theirs. */
type Side = 'base' | 'ours' | 'theirs';

/** A merge message in `locale`, the side named in its words. */
function says(locale: string, key: string, side: Side, values: Record<string, string>): string {
  return sayIn(locale, `ledger.merge.${key}`, { side: sayIn(locale, 'ledger.merge.side', { side }), ...values });
}

function verified<T extends ChainFields>(side: Side, file: string, bytes: Buffer, kind: LedgerKind<T>, locale: string): ParsedLedger<T> {
  const parsed = parseLedger(file, bytes, kind, locale);
  if (parsed.torn) throw new PreceptError(says(locale, 'torn', side, { file, line: String(parsed.torn.line) }), { exitCode: 1, locale });
  const problem = parsed.diagnostics[0];
  if (problem) throw new PreceptError(says(locale, 'not-verified', side, { file, line: String(problem.line), problem: problem.message }), { exitCode: 1, diagnostics: parsed.diagnostics, locale });
  return parsed;
}

/**
 * Refuses a side that changed or removed a record of the base. A side that begins with the
 * base's bytes is fine; so is one that holds every base record unchanged but numbered and chained
 * anew (an earlier merge re-chained them), since no record's content changed.
 */
function assertKeeps<T extends ChainFields>(which: Side, file: string, kind: LedgerKind<T>, base: Buffer, baseParsed: ParsedLedger<T>, side: Buffer, sideParsed: ParsedLedger<T>, locale: string): void {
  if (side.length >= base.length && side.subarray(0, base.length).equals(base)) return;
  const bodies = new Set<string>();
  const keys = new Set<string>();
  for (const e of sideParsed.entries) {
    bodies.add(serializeRecord(recordBody(e.record)));
    keys.add(kind.key(recordBody(e.record)));
  }
  for (const e of baseParsed.entries) {
    if (bodies.has(serializeRecord(recordBody(e.record)))) continue;
    const removed = !keys.has(kind.key(recordBody(e.record)));
    throw new PreceptError(says(locale, removed ? 'removed' : 'changed', which, { file, line: String(e.line) }), { exitCode: 1, locale });
  }
}

/**
 * Merges a ledger that two branches both appended to, as git's merge driver. The result is
 * their side's ledger byte for byte (the branch being merged in: usually the shared one, which
 * others have already built on), followed by the records our side appended that theirs lacks,
 * in our order, numbered and chained anew; a record that repeats the latest one with its key (the
 * kind's `key` and `repeats`: for acknowledgements any record of the same person, policy and
 * version; for approvals the same decision from the same source) is dropped. The base's records stay as they are. Throws a PreceptError (exit 1), leaving the
 * conflict to git, when a side does not verify or changed or removed a record of the base; its
 * message is said in `locale` (the terminal's: git runs the driver outside any repo's config).
 */
export function mergeLedgers<T extends ChainFields>(kind: LedgerKind<T>, file: string, base: Buffer, ours: Buffer, theirs: Buffer, locale = 'en'): LedgerMerge {
  const parsedBase = verified('base', file, base, kind, locale);
  const parsedOurs = verified('ours', file, ours, kind, locale);
  const parsedTheirs = verified('theirs', file, theirs, kind, locale);
  assertKeeps('ours', file, kind, base, parsedBase, ours, parsedOurs, locale);
  assertKeeps('theirs', file, kind, base, parsedBase, theirs, parsedTheirs, locale);
  const rebased = rebaseLedger(kind, file, theirs, ours, locale);
  const check = parseLedger(file, rebased.bytes, kind, locale);
  if (check.diagnostics.length) throw new PreceptError(sayIn(locale, 'ledger.merge.result-bad', { file, problem: check.diagnostics[0]!.message }), { locale });
  return { bytes: rebased.bytes, base: parsedBase.lines, theirs: parsedTheirs.lines, ours: rebased.kept.length, duplicates: rebased.dropped.length };
}
