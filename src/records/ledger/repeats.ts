import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { LEDGER_RULE, ledgerSays, type LedgerEntry } from './parse.js';

/**
 * Records that repeat an earlier one (same key, and the kind says the later adds nothing): what
 * two writers racing past each other's duplicate check leave. A warning, not an error: the chain
 * is whole and every report counts the first, but the writers' promise not to write a fact twice
 * was broken, so it is reported; records are never removed to fix it.
 */
export function repeatDiagnostics<T extends ChainFields>(file: string, entries: readonly LedgerEntry<T>[], kind: LedgerKind<T>, locale = 'en'): Diagnostic[] {
  // The latest record of each key: the values of the key's last field are numbered (a person,
  // say, in the order met), and the records of each combination of the other fields are kept by
  // that number. Looking up a quarter of a million records by key strings, or in a map per
  // combination, took five times as long.
  type Level = Map<unknown, Level | Latest<T>>;
  const fields = kind.keyFields;
  const last = fields.length - 1;
  const ids = new Map<unknown, number>();
  const root: Level = new Map();
  const lone = new Latest<T>();
  const out: Diagnostic[] = [];
  for (const entry of entries) {
    const record = entry.record as unknown as Record<string, unknown>;
    let latest = lone;
    if (last > 0) {
      let level = root;
      for (let i = 0; i < last - 1; i++) {
        const value = record[fields[i]!];
        let next = level.get(value) as Level | undefined;
        if (!next) level.set(value, (next = new Map()));
        level = next;
      }
      const value = record[fields[last - 1]!];
      let found = level.get(value) as Latest<T> | undefined;
      if (!found) level.set(value, (found = new Latest()));
      latest = found;
    }
    const value = record[fields[last]!];
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    const earlier = latest.get(id);
    if (earlier && kind.repeats(earlier.record, entry.record)) {
      out.push(diagnosticAt(file, { line: entry.line, column: 1 }, LEDGER_RULE, 'warning',
        ledgerSays(locale)('repeat', { line: String(entry.line), earlier: String(earlier.line), record: kind.describe(entry.record), kind: kind.id }),
        ledgerSays(locale)('repeat-hint')));
      continue;
    }
    latest.set(id, entry);
  }
  return out;
}

/**
 * Records by number: a list while the numbers used fill most of it (the usual case), a map once
 * few of many are (so memory follows the records kept).
 */
class Latest<T> {
  private list: (LedgerEntry<T> | undefined)[] = [];
  private filled = 0;
  private map: Map<number, LedgerEntry<T>> | undefined;

  get(id: number): LedgerEntry<T> | undefined {
    return this.map ? this.map.get(id) : this.list[id];
  }

  set(id: number, entry: LedgerEntry<T>): void {
    if (this.map) {
      this.map.set(id, entry);
      return;
    }
    if (id >= this.list.length) {
      if (id >= 4 * this.filled + 64) {
        this.map = new Map();
        this.list.forEach((e, i) => e && this.map!.set(i, e));
        this.list = [];
        this.map.set(id, entry);
        return;
      }
      // Filled up to the number, never written past its end (a list with gaps would become a dictionary).
      while (this.list.length <= id) this.list.push(undefined);
    }
    if (this.list[id] === undefined) this.filled++;
    this.list[id] = entry;
  }
}
