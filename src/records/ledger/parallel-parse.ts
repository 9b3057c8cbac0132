import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { checkLines, finishLedger, keepRecord, splitLines, type LinesChecked, type ParsedLedger } from './parse.js';

/** What the helper thread is given: the ledger's bytes (shared, not copied) and the lines it checks. */
export interface HelperJob {
  bytes: SharedArrayBuffer;
  length: number;
  kind: string;
  starts: Float64Array;
  ends: Float64Array;
}

/** What it answers: whether every line it checked was clean, and then their hashes, concatenated. */
export interface HelperResult {
  clean: boolean;
  hashes: string;
}

/** Ledgers smaller than this are checked on the calling thread (a thread costs more than it saves). */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** The share of lines the helper checks: the calling thread checks the rest and parses the helper's lines meanwhile. */
const HELPER_SHARE = 0.55;

const HASH_LENGTH = 'sha256:'.length + 64;

function helperScript(): { script: URL | string; options: WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./check-worker.js', import.meta.url), options: {} };
  // Under tsx (tests): the TypeScript entry, through tsx's ESM loader (as render-pool.ts does).
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
  const entry = new URL('./check-worker.ts', import.meta.url).href;
  return { script: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, options: { eval: true } };
}

function runHelper(job: HelperJob): { result: Promise<HelperResult | undefined>; stop: () => Promise<unknown> } {
  const { script, options } = helperScript();
  const worker = new Worker(script, { ...options, workerData: job });
  const result = new Promise<HelperResult | undefined>((resolve) => {
    worker.once('message', (m: HelperResult) => resolve(m));
    // A helper that fails leaves its lines to this thread: the result is the same, only later.
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  return { result, stop: () => worker.terminate() };
}

/**
 * parseLedger with a helper thread, for large ledgers in memory shared with it: the helper checks
 * the later lines (UTF-8, JSON, schema, canonical form, hashes) while this thread checks the earlier
 * ones and parses the later ones' records; numbering and chaining are then checked over all lines
 * as parseLedger does. Whenever the helper found anything (or failed), this thread checks its
 * lines itself, so the diagnostics are exactly parseLedger's. `meanwhile` runs once this thread's
 * own lines are done, before it waits for the helper.
 */
export async function parallelParse<T extends ChainFields>(
  file: string,
  bytes: SharedArrayBuffer,
  length: number,
  kind: LedgerKind<T>,
  meanwhile?: () => Promise<void>,
  locale = 'en',
): Promise<ParsedLedger<T>> {
  const buf = Buffer.from(bytes, 0, length);
  const split = splitLines(buf);
  const n = split.starts.length;
  const from = Math.floor(n * (1 - HELPER_SHARE));
  const helper = runHelper({ bytes, length, kind: kind.id, starts: Float64Array.from(split.starts.slice(from)), ends: Float64Array.from(split.ends.slice(from)) });
  try {
    const first = checkLines(file, buf, split, 0, from, kind, locale);
    const records = parseRecords(buf, split, from, n, kind, first.hashes[from - 1]);
    // Other work of the caller's, done before waiting for the helper rather than after.
    await meanwhile?.();
    const answer = await helper.result;
    let second: LinesChecked<T>;
    if (answer?.clean && answer.hashes.length === (n - from) * HASH_LENGTH && records) {
      const hashes = new Array<string>(n - from);
      for (let k = 0; k < hashes.length; k++) hashes[k] = answer.hashes.slice(k * HASH_LENGTH, (k + 1) * HASH_LENGTH);
      second = { diagnostics: [], ...records(hashes) };
    } else {
      second = checkLines(file, buf, split, from, n, kind, locale);
    }
    return finishLedger(file, buf, split, [first, second], locale);
  } finally {
    await helper.stop();
  }
}

/**
 * The records of lines [from, to) that the helper checks, parsed while it does; given the lines'
 * hashes, their numbers, links and entries as checkLines gives them for clean lines. Undefined
 * when a line is not a JSON object (the helper will have said so too).
 */
function parseRecords<T extends ChainFields>(buf: Buffer, split: { starts: number[]; ends: number[] }, from: number, to: number, kind: LedgerKind<T>, before: string | undefined) {
  const data: Record<string, unknown>[] = new Array(to - from);
  for (let index = from; index < to; index++) {
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', split.starts[index], split.ends[index]));
    } catch {
      return undefined;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    data[index - from] = value as Record<string, unknown>;
  }
  return (hashes: string[]): Omit<LinesChecked<T>, 'diagnostics'> => {
    const seqs = new Array<number | undefined>(hashes.length);
    const prevs = new Array<string | undefined>(hashes.length);
    const entries: LinesChecked<T>['entries'] = [];
    const shared = new Map<string, string>();
    for (let k = 0; k < hashes.length; k++) {
      const fields = data[k] as Partial<ChainFields>;
      seqs[k] = fields.seq;
      prevs[k] = fields.prev;
      const previous = k > 0 ? hashes[k - 1] : before;
      keepRecord(fields, previous, prevs, k, kind, shared);
      entries.push({ line: from + k + 1, record: fields as T });
    }
    return { seqs, prevs, hashes, entries };
  };
}
