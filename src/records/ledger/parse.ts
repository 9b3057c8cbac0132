import { isUtf8 } from 'node:buffer';
import { diagnosticAt, type Diagnostic, type Position } from '../../core/diagnostics/diagnostic.js';
import { sayIn } from '../../core/i18n/messages.js';
import type { PhraseValues } from '../../core/i18n/phrase.js';
import { parseYamlSource } from '../../repo/load/yaml-source.js';
import { schemaDiagnostics } from '../../repo/schema/diagnostics.js';
import { validateAgainst } from '../../repo/schema/validator.js';
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
  /** Bytes of the complete lines: where the next append goes once a torn tail is removed. */
  size: number;
}

const short = (hash: string) => `${hash.slice(0, 19)}…`;

/** Says a `ledger.*` message in `locale`: called only for a problem, so a clean ledger costs no catalogue. */
export function ledgerSays(locale: string): (key: string, values?: PhraseValues) => string {
  return (key, values) => sayIn(locale, `ledger.${key}`, values);
}
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where a field's value starts in a canonical line (column 1 when it cannot be found). */
function fieldAt(text: string, key: string, line: number): Position {
  const i = text.indexOf(`"${key}":`);
  return { line, column: i < 0 ? 1 : i + key.length + 4 };
}

/**
 * Whether a parsed line is in canonical form. Fast path: JSON.stringify reproduces the text and
 * every object's keys are already in sorted order; anything else is decided by serializing.
 */
function isCanonical(data: object, text: string): boolean {
  return (JSON.stringify(data) === text && keysSorted(data)) || serializeRecord(data) === text;
}

function keysSorted(value: unknown): boolean {
  if (!value || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(keysSorted);
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    if (!keysSorted((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}

/** Where a ledger's complete lines are: byte ranges [starts[i], ends[i]), newline excluded. */
export interface LineSplit {
  starts: number[];
  ends: number[];
  torn: TornTail | undefined;
}

/**
 * Finds the complete lines. A final line without its newline, or one of only NUL bytes (what a
 * power cut can leave), is torn. Ledgers grow to hundreds of thousands of lines, so this stays
 * lean: native search, flat arrays.
 */
export function splitLines(buf: Buffer): LineSplit {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, start)) {
    starts.push(start);
    ends.push(i);
    start = i + 1;
  }
  let torn: TornTail | undefined;
  const n = starts.length;
  if (start < buf.length) torn = { line: n + 1, offset: start, bytes: buf.length - start };
  else if (n && ends[n - 1]! > starts[n - 1]! && buf.subarray(starts[n - 1], ends[n - 1]).every((b) => b === 0)) {
    torn = { line: n, offset: starts[n - 1]!, bytes: buf.length - starts[n - 1]! };
    starts.pop();
    ends.pop();
  }
  return { starts, ends, torn };
}

/** What checking a run of lines found: per line, its number, link and hash; the valid records. */
export interface LinesChecked<T> {
  diagnostics: Diagnostic[];
  seqs: (number | undefined)[];
  prevs: (string | undefined)[];
  hashes: string[];
  entries: LedgerEntry<T>[];
}

/**
 * Checks lines [from, to) on their own: valid UTF-8 JSON, valid against the kind's schema,
 * written canonically; collects each one's `seq`, `prev` and hash for the order check. What it
 * finds is said in the repo's language (`locale`).
 */
export function checkLines<T extends ChainFields>(file: string, buf: Buffer, split: LineSplit, from: number, to: number, kind: LedgerKind<T>, locale = 'en'): LinesChecked<T> {
  const { starts, ends } = split;
  const diagnostics: Diagnostic[] = [];
  const say = ledgerSays(locale);
  const report = (at: Position, key: string, values: PhraseValues) => diagnostics.push(diagnosticAt(file, at, LEDGER_RULE, 'error', say(key, values), say('hint')));
  const n = to - from;
  const seqs = new Array<number | undefined>(n);
  const prevs = new Array<string | undefined>(n);
  const hashes = new Array<string>(n);
  const entries: LedgerEntry<T>[] = [];
  // One copy of each value of the kind's shared fields (see keepRecord).
  const shared = new Map<string, string>();
  // One native check that the whole range is UTF-8; then each line is decoded on its own (a
  // range-sized string would double the memory). Otherwise lines are decoded strictly, one by
  // one, so the bad line can be named.
  const valid = n > 0 && isUtf8(buf.subarray(starts[from], ends[to - 1]));
  for (let index = from; index < to; index++) {
    const k = index - from;
    const line = index + 1;
    const at = () => ({ line, column: 1 });
    if (starts[index] === ends[index]) {
      hashes[k] = lineHash('');
      report(at(), 'empty-line', { line: String(line) });
      continue;
    }
    let text: string;
    if (valid) {
      text = buf.toString('utf8', starts[index], ends[index]);
      // The same bytes as the line's, without a Buffer view per line.
      hashes[k] = lineHash(text);
    } else {
      hashes[k] = lineHash(buf.subarray(starts[index], ends[index]));
      try {
        text = utf8.decode(buf.subarray(starts[index], ends[index]));
      } catch {
        report(at(), 'not-utf8', { line: String(line) });
        continue;
      }
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      report(at(), 'not-json', { line: String(line), detail: (error as Error).message.replace(/ in JSON at position \d+.*$/, '') });
      continue;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      report(at(), 'not-object', { line: String(line) });
      continue;
    }
    const fields = data as Partial<ChainFields>;
    if (typeof fields.seq === 'number') seqs[k] = fields.seq;
    if (typeof fields.prev === 'string') prevs[k] = fields.prev;
    const errors = validateAgainst(kind.schema, data);
    if (errors.length) {
      const parsed = parseYamlSource(file, text, index, undefined, { locale });
      if (parsed.ok) {
        for (const d of schemaDiagnostics(errors, parsed.source, LEDGER_RULE, locale)) diagnostics.push({ ...d, message: say('record-schema', { kind: kind.id, message: d.message }) });
      } else report(at(), 'not-a-record', { line: String(line), kind: kind.id });
      continue;
    }
    if (!isCanonical(data, text)) {
      report(at(), 'not-canonical', { line: String(line) });
    }
    keepRecord(fields, k > 0 ? hashes[k - 1] : undefined, prevs, k, kind, shared);
    entries.push({ line, record: data as T });
  }
  return { diagnostics, seqs, prevs, hashes, entries };
}

/**
 * Readies a valid record to be kept: records are kept, a quarter of a million of them in a large
 * ledger, so where the chain holds `prev` is the previous line's hash (`previous`), kept once
 * rather than twice, and each value of the kind's shared fields is kept once (`shared`).
 */
export function keepRecord(fields: Partial<ChainFields>, previous: string | undefined, prevs: (string | undefined)[], k: number, kind: Pick<LedgerKind, 'sharedFields'>, shared: Map<string, string>): void {
  if (previous !== undefined && fields.prev === previous) fields.prev = prevs[k] = previous;
  for (const name of kind.sharedFields ?? []) {
    const value = (fields as Record<string, unknown>)[name];
    if (typeof value !== 'string') continue;
    const kept = shared.get(value);
    if (kept === undefined) shared.set(value, value);
    else (fields as Record<string, unknown>)[name] = kept;
  }
}

/** Puts checked runs of lines together (in order) and checks numbering and chaining across them (said in `locale`). */
export function finishLedger<T extends ChainFields>(file: string, buf: Buffer, split: LineSplit, parts: readonly LinesChecked<T>[], locale = 'en'): ParsedLedger<T> {
  const diagnostics = parts.flatMap((p) => p.diagnostics);
  // concat, not flatMap: a line that is not a record leaves a hole in seqs and prevs, which
  // flatMap would skip, moving every later line's number and link up by one.
  const seqs = parts.length === 1 ? parts[0]!.seqs : ([] as (number | undefined)[]).concat(...parts.map((p) => p.seqs));
  const prevs = parts.length === 1 ? parts[0]!.prevs : ([] as (string | undefined)[]).concat(...parts.map((p) => p.prevs));
  const lineHashes = parts.length === 1 ? parts[0]!.hashes : parts.flatMap((p) => p.hashes);
  const entries = parts.length === 1 ? parts[0]!.entries : parts.flatMap((p) => p.entries);
  const lineText = (index: number) => buf.toString('utf8', split.starts[index], split.ends[index]);
  const say = ledgerSays(locale);
  const report = (at: Position, message: string) => diagnostics.push(diagnosticAt(file, at, LEDGER_RULE, 'error', message, say('hint')));
  checkOrder(seqs, prevs, lineHashes, (line, field, key, values) => report(field ? fieldAt(lineText(line - 1), field, line) : { line, column: 1 }, say(key, values)));
  const count = split.starts.length;
  return { entries, lines: count, diagnostics, torn: split.torn, lineHashes, size: count ? split.ends[count - 1]! + 1 : 0 };
}

/**
 * Splits a ledger's bytes into lines and verifies every one: valid UTF-8 JSON, valid against
 * the kind's schema, written canonically, numbered in order (`seq`) and chained (`prev`). A torn
 * last line is reported by the caller and never used. Problems are said in `locale`.
 */
export function parseLedger<T extends ChainFields>(file: string, bytes: Uint8Array, kind: LedgerKind<T>, locale = 'en'): ParsedLedger<T> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const split = splitLines(buf);
  return finishLedger(file, buf, split, [checkLines(file, buf, split, 0, split.starts.length, kind, locale)], locale);
}

/**
 * Checks numbering and chaining. A number out of sequence says which records were removed,
 * repeated or moved; a broken link with the numbering intact says which line was edited.
 */
function checkOrder(
  seqs: readonly (number | undefined)[],
  prevs: readonly (string | undefined)[],
  hashes: readonly string[],
  report: (line: number, field: string | undefined, key: string, values: PhraseValues) => void,
): void {
  // Where each number occurs, built only when a number is out of sequence (it names the other line).
  let index: Map<number, number[]> | undefined;
  const linesOf = (seq: number): number[] => {
    if (!index) {
      index = new Map();
      seqs.forEach((n, i) => {
        if (n === undefined) return;
        const list = index!.get(n);
        if (list) list.push(i + 1);
        else index!.set(n, [i + 1]);
      });
    }
    return index.get(seq) ?? [];
  };
  let maxSeen = 0;
  for (let i = 0; i < seqs.length; i++) {
    const line = i + 1;
    const s = seqs[i];
    const prev = prevs[i];
    if (s === undefined || prev === undefined) {
      maxSeen++;
      continue;
    }
    const expected = maxSeen + 1;
    maxSeen = Math.max(maxSeen, s);
    if (s > expected) {
      const later = linesOf(expected).find((l) => l > line);
      const at = { line: String(line), seq: String(s), expected: String(expected) };
      if (later !== undefined) report(line, 'seq', 'reordered-later', { ...at, later: String(later) });
      else if (s === expected + 1) report(line, 'seq', 'deleted-one', at);
      else report(line, 'seq', 'deleted-many', { ...at, last: String(s - 1) });
      continue;
    }
    if (s < expected) {
      const earlier = linesOf(s).find((l) => l < line);
      if (earlier !== undefined) report(line, 'seq', 'copied', { line: String(line), seq: String(s), earlier: String(earlier) });
      else report(line, 'seq', 'reordered-earlier', { line: String(line), seq: String(s) });
      continue;
    }
    const want = i === 0 ? GENESIS : hashes[i - 1]!;
    if (prev === want) continue;
    if (i === 0) {
      report(line, 'prev', 'not-first', { prev: short(prev) });
      continue;
    }
    const follows = hashes.findIndex((h, k) => h === prev && k !== i - 1);
    if (follows >= 0) {
      report(line, 'prev', 'chained-elsewhere', { line: String(line), follows: String(follows + 1), previous: String(i) });
    } else {
      report(i, undefined, 'edited', { edited: String(i), line: String(line), prev: short(prev), found: short(want) });
    }
  }
}
