import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { LEDGER_RULE, type LedgerEntry } from './parse.js';

/**
 * Records that repeat an earlier one (same key, and the kind says the later adds nothing): what
 * two writers racing past each other's duplicate check leave. A warning, not an error: the chain
 * is whole and every report counts the first, but the writers' promise not to write a fact twice
 * was broken, so it is reported; records are never removed to fix it.
 */
export function repeatDiagnostics<T extends ChainFields>(file: string, entries: readonly LedgerEntry<T>[], kind: LedgerKind<T>): Diagnostic[] {
  const latest = new Map<string, LedgerEntry<T>>();
  const out: Diagnostic[] = [];
  for (const entry of entries) {
    const key = kind.key(entry.record);
    const earlier = latest.get(key);
    if (earlier && kind.repeats(earlier.record, entry.record)) {
      out.push(diagnosticAt(file, { line: entry.line, column: 1 }, LEDGER_RULE, 'warning',
        `line ${entry.line} repeats line ${earlier.line} (${kind.describe(entry.record)}): the same ${kind.noun} was written twice`,
        'two writers raced past each other\'s duplicate check; the first record counts, and records are never removed'));
      continue;
    }
    latest.set(key, entry);
  }
  return out;
}
