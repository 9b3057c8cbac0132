import { open, stat, type FileHandle } from 'node:fs/promises';
import type { ChainFields } from './chain.js';
import type { LedgerEntry } from './parse.js';

/** How much of a ledger a reader has seen: the bytes of its complete lines, and how many lines. */
export interface LedgerMark {
  size: number;
  lines: number;
}

/**
 * The records other writers appended after `mark` (complete lines only; a line that is not
 * JSON is skipped: verification reports it), and the new mark. A file shorter than the mark was
 * replaced or cut back, and is read again from its start (`restarted`).
 */
export async function readSince<T extends ChainFields>(file: string, mark: LedgerMark): Promise<SinceRead<T>> {
  const size = (await stat(file).catch(() => undefined))?.size ?? 0;
  // Nothing past the mark, and not cut back (which reads it again from the start): no need to open it.
  if (size === mark.size || size === 0) return readSinceFrom<T>(undefined, size, mark);
  const handle = await open(file, 'r');
  try {
    return await readSinceFrom<T>(handle, size, mark);
  } finally {
    await handle.close();
  }
}

/** What readSince found. */
export interface SinceRead<T> {
  entries: LedgerEntry<T>[];
  mark: LedgerMark;
  restarted: boolean;
}

/** readSince through a handle the caller holds, on a file of `size` bytes (no handle: nothing beyond the mark to read). */
export async function readSinceFrom<T extends ChainFields>(handle: FileHandle | undefined, size: number, mark: LedgerMark): Promise<SinceRead<T>> {
  const restarted = size < mark.size;
  const from = restarted ? { size: 0, lines: 0 } : mark;
  if (size <= from.size || !handle) return { entries: [], mark: from, restarted };
  let bytes = Buffer.alloc(size - from.size);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, from.size);
  bytes = bytes.subarray(0, bytesRead);
  const entries: LedgerEntry<T>[] = [];
  let lines = from.lines;
  let start = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, start)) {
    const text = bytes.subarray(start, nl).toString('utf8');
    start = nl + 1;
    lines++;
    try {
      entries.push({ line: lines, record: JSON.parse(text) as T });
    } catch {
      // Not a record: the writer only needs the records it can read.
    }
  }
  return { entries, mark: { size: from.size + start, lines }, restarted };
}
