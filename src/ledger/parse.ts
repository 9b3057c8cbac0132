import { diagnosticAt, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { schemaDiagnostics } from '../schema/diagnostics.js';
import { validateAgainst } from '../schema/validator.js';
import { GENESIS, lineHash, serializeRecord, type ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';

/** The rule id of every ledger problem. */
export const LEDGER_RULE = 'ledger-integrity';

/** One valid record and the line it sits on. */
export interface LedgerEntry<T> {
  line: number;
  record: T;
}

/** Bytes after the last complete line: an append that never finished. */
export interface TornTail {
  /** The line number the incomplete line would have. */
  line: number;
  /** Byte offset where it starts (the file's length once it is removed). */
  offset: number;
  bytes: number;
}

/** A ledger file read and verified. */
export interface ParsedLedger<T> {
  /** Lines that are valid records (even where the chain around them is broken), in file order. */
  entries: LedgerEntry<T>[];
  /** Number of complete lines. */
  lines: number;
  diagnostics: Diagnostic[];
  torn: TornTail | undefined;
  /** The SHA-256 of each complete line, in order. */
  lineHashes: string[];
}

const HINT = 'ledgers are append-only: restore the file from git (git checkout -- <file>) and record any correction as a new record';
const short = (hash: string) => `${hash.slice(0, 19)}…`;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where a field's value starts in a canonical line (column 1 when it cannot be found). */
function fieldAt(text: string, key: string, line: number): Position {
  const i = text.indexOf(`"${key}":`);
  return { line, column: i < 0 ? 1 : i + key.length + 4 };
}

/**
 * Splits a ledger's bytes into lines and verifies every one: valid UTF-8 JSON, valid against
 * the kind's schema, written canonically, numbered in order (`seq`) and chained (`prev`). A final
 * line without its newline (or one of only NUL bytes, what a power cut can leave) is torn: it is
 * reported and never used.
 */
export function parseLedger<T extends ChainFields>(file: string, bytes: Uint8Array, kind: LedgerKind<T>): ParsedLedger<T> {
  const diagnostics: Diagnostic[] = [];
  const report = (at: Position, message: string, hint = HINT) => diagnostics.push(diagnosticAt(file, at, LEDGER_RULE, 'error', message, hint));
  // Complete lines: [start, end) byte ranges, newline excluded.
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) {
      ranges.push([start, i]);
      start = i + 1;
    }
  }
  let torn: TornTail | undefined;
  const last = ranges[ranges.length - 1];
  if (start < bytes.length) torn = { line: ranges.length + 1, offset: start, bytes: bytes.length - start };
  else if (last && last[1] > last[0] && bytes.subarray(last[0], last[1]).every((b) => b === 0)) {
    ranges.pop();
    torn = { line: ranges.length + 1, offset: last[0], bytes: bytes.length - last[0] };
  }
  const lineHashes = ranges.map(([a, b]) => lineHash(bytes.subarray(a, b)));
  const records: (Partial<ChainFields> | undefined)[] = [];
  const texts: string[] = [];
  const entries: LedgerEntry<T>[] = [];
  ranges.forEach(([a, b], index) => {
    const line = index + 1;
    const at = { line, column: 1 };
    records.push(undefined);
    texts.push('');
    if (a === b) return report(at, `line ${line} is empty: a ledger holds one record per line`);
    let text: string;
    try {
      text = utf8.decode(bytes.subarray(a, b));
    } catch {
      return report(at, `line ${line} is not valid UTF-8`);
    }
    texts[index] = text;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return report(at, `line ${line} is not valid JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')})`);
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return report(at, `line ${line} is not a JSON object`);
    const fields = data as Partial<ChainFields>;
    records[index] = { ...(typeof fields.seq === 'number' ? { seq: fields.seq } : {}), ...(typeof fields.prev === 'string' ? { prev: fields.prev } : {}) };
    const errors = validateAgainst(kind.schema, data);
    if (errors.length) {
      const parsed = parseYamlSource(file, text, index);
      if (parsed.ok) {
        for (const d of schemaDiagnostics(errors, parsed.source, LEDGER_RULE)) diagnostics.push({ ...d, message: `${kind.noun} record: ${d.message}` });
      } else report(at, `line ${line} is not a valid ${kind.noun} record`);
      return;
    }
    if (serializeRecord(data) !== text) {
      report(at, `line ${line} is not written canonically (keys sorted, no spaces): it was edited by hand or by another tool`);
    }
    entries.push({ line, record: data as T });
  });
  checkOrder(records, lineHashes, (line, field, message) => report(field ? fieldAt(texts[line - 1] ?? '', field, line) : { line, column: 1 }, message));
  return { entries, lines: ranges.length, diagnostics, torn, lineHashes };
}

/**
 * Checks numbering and chaining. A number out of sequence says which records were removed,
 * repeated or moved; a broken link with the numbering intact says which line was edited.
 */
function checkOrder(
  records: readonly (Partial<ChainFields> | undefined)[],
  hashes: readonly string[],
  report: (line: number, field: string | undefined, message: string) => void,
): void {
  const lineOfSeq = new Map<number, number[]>();
  records.forEach((r, i) => {
    if (r?.seq === undefined) return;
    const list = lineOfSeq.get(r.seq) ?? [];
    list.push(i + 1);
    lineOfSeq.set(r.seq, list);
  });
  let maxSeen = 0;
  for (let i = 0; i < records.length; i++) {
    const line = i + 1;
    const r = records[i];
    if (!r || r.seq === undefined || r.prev === undefined) {
      maxSeen++;
      continue;
    }
    const expected = maxSeen + 1;
    const s = r.seq;
    maxSeen = Math.max(maxSeen, s);
    if (s > expected) {
      const later = (lineOfSeq.get(expected) ?? []).find((l) => l > line);
      report(line, 'seq', later !== undefined
        ? `line ${line} holds record #${s}, but record #${expected} comes later (line ${later}): records were reordered`
        : s === expected + 1
          ? `record #${expected} is missing before line ${line} (which holds #${s}): it was deleted`
          : `records #${expected}-#${s - 1} are missing before line ${line} (which holds #${s}): they were deleted`);
      continue;
    }
    if (s < expected) {
      const earlier = (lineOfSeq.get(s) ?? []).find((l) => l < line);
      report(line, 'seq', earlier !== undefined
        ? `line ${line} repeats record #${s} (also at line ${earlier}): a record was copied`
        : `line ${line} holds record #${s}, which belongs earlier: records were reordered`);
      continue;
    }
    const want = i === 0 ? GENESIS : hashes[i - 1]!;
    if (r.prev === want) continue;
    if (i === 0) {
      report(line, 'prev', `line 1 does not start the chain (prev ${short(r.prev)}, expected the hash of the empty string): records before it were deleted or it was edited`);
      continue;
    }
    const follows = hashes.findIndex((h, k) => h === r.prev && k !== i - 1);
    if (follows >= 0) {
      report(line, 'prev', `line ${line} is chained to line ${follows + 1}, not to line ${i}: records were reordered, inserted or deleted`);
    } else {
      report(i, undefined, `line ${i} does not match the hash line ${line} records for it (${short(r.prev)}, found ${short(want)}): line ${i} was edited after it was written, or records after it were removed`);
    }
  }
}
