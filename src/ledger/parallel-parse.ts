import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { checkLines, finishLedger, splitLines, type LedgerEntry, type LinesChecked, type ParsedLedger } from './parse.js';

const WORKER = new URL('./verify-worker.js', import.meta.url);
/** Below this many lines a worker's start-up costs more than it saves. */
export const PARALLEL_FROM_LINES = 40_000;

type HeadResult = Omit<LinesChecked<never>, 'entries'> & { valid: number[] };

/**
 * parseLedger for large ledgers, on two cores: a worker checks the first half of the lines while
 * this thread checks the second half and reads the first half's records; the order and chain
 * are then checked across both. Same result as parseLedger (which smaller ledgers, and runs from
 * the TypeScript sources, use directly).
 */
export async function parseLedgerParallel<T extends ChainFields>(file: string, bytes: Uint8Array, kind: LedgerKind<T>): Promise<ParsedLedger<T>> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const split = splitLines(buf);
  const count = split.starts.length;
  if (count < PARALLEL_FROM_LINES || !existsSync(fileURLToPath(WORKER))) {
    return finishLedger(file, buf, split, [checkLines(file, buf, split, 0, count, kind)]);
  }
  const mid = count >> 1;
  const headBytes = buf.subarray(0, split.ends[mid - 1]! + 1);
  const fromWorker = checkHeadBytes(file, headBytes, mid, kind);
  const tail = checkLines(file, buf, split, mid, count, kind);
  // The first half's records, read here; the worker says which lines are valid records.
  const candidates: (LedgerEntry<T> | undefined)[] = new Array(mid);
  for (let i = 0; i < mid; i++) {
    try {
      candidates[i] = { line: i + 1, record: JSON.parse(buf.toString('utf8', split.starts[i], split.ends[i])) as T };
    } catch {
      candidates[i] = undefined;
    }
  }
  let head: LinesChecked<T>;
  try {
    const result = await fromWorker;
    head = { ...result, entries: result.valid.map((line) => candidates[line - 1]!) };
  } catch {
    head = checkLines(file, buf, split, 0, mid, kind);
  }
  return finishLedger(file, buf, split, [head, tail]);
}

function checkHeadBytes<T extends ChainFields>(file: string, head: Buffer, lines: number, kind: LedgerKind<T>): Promise<HeadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { file, kind: kind.id, bytes: head, lines } });
    worker.once('message', (result: HeadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`ledger verification worker exited (${code})`)));
  });
}
