import { mkdir, stat, type FileHandle } from 'node:fs/promises';
import { syncFolder } from '../../core/output/atomic.js';
import path from 'node:path';
import { PreceptError } from '../../core/errors.js';
import { failure } from '../../core/i18n/failure.js';
import { validateAgainst } from '../../repo/schema/validator.js';
import { chainRecord, GENESIS, lineHash, serializeRecord, type ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { withFileLock, type LockOptions } from './lock.js';
import { openLedgerForAppend } from './open-ledger.js';
import type { LedgerEntry } from './parse.js';
import { readSince, readSinceFrom, type LedgerMark, type SinceRead } from './since.js';

/** A record as a caller writes it: everything but the chain fields, which append fills in. */
export type NewRecord<T extends ChainFields> = Omit<T, keyof ChainFields>;


/** The hash and number of the last line, refusing a file whose last line is incomplete or not a record. */
async function readTail(handle: FileHandle, size: number, file: string): Promise<{ hash: string; seq: number }> {
  if (size === 0) return { hash: GENESIS, seq: 0 };
  // Lines are a few hundred bytes (a signed approval up to about two KiB): 8 KiB nearly always holds the
  // last one, and costs an eighth of the 64 KiB first read (allocated, zeroed, read) on every append.
  let chunk = Math.min(size, 8 * 1024);
  for (;;) {
    const buf = Buffer.alloc(chunk);
    await handle.read(buf, 0, chunk, size - chunk);
    if (buf[chunk - 1] !== 10) {
      throw failure('ledger.torn-append', { file }, { exitCode: 1 });
    }
    const start = buf.lastIndexOf(10, chunk - 2) + 1;
    if (start === 0 && chunk < size) {
      chunk = Math.min(size, chunk * 4);
      continue;
    }
    const line = buf.subarray(start, chunk - 1);
    let seq: unknown;
    try {
      seq = (JSON.parse(line.toString('utf8')) as { seq?: unknown }).seq;
    } catch {
      seq = undefined;
    }
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) {
      throw failure('ledger.last-invalid', { file }, { exitCode: 1 });
    }
    return { hash: lineHash(line), seq };
  }
}

/** Chains, validates and writes records after the last line of a ledger of `size` bytes, in one write, then fsyncs it. */
async function writeRecords<T extends ChainFields>(handle: FileHandle, size: number, file: string, kind: LedgerKind<T>, records: readonly NewRecord<T>[]): Promise<{ entries: LedgerEntry<T>[]; bytes: number }> {
  let previous = await readTail(handle, size, file);
  const entries: LedgerEntry<T>[] = [];
  const lines: string[] = [];
  for (const fields of records) {
    const record = chainRecord(fields, previous) as unknown as T;
    const errors = validateAgainst(kind.schema, record);
    if (errors.length) {
      const e = errors[0]!;
      throw new PreceptError(`not a valid ${kind.noun} record: ${e.instancePath || '(record)'} ${e.message ?? ''}`.trim());
    }
    const line = serializeRecord(record);
    lines.push(line);
    entries.push({ line: record.seq, record });
    previous = { hash: lineHash(line), seq: record.seq };
  }
  const data = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  // One write of whole lines: a crash can leave at most an incomplete last line, which
  // readers reject and `ledger repair` removes.
  let written = 0;
  try {
    written = (await handle.write(data, 0, data.length, null)).bytesWritten;
    if (written !== data.length) throw new Error(`short write (${written} of ${data.length} bytes)`);
    await handle.sync();
  } catch (error) {
    await handle.truncate(size).catch(() => undefined);
    throw failure('ledger.cannot-append', { file, error: (error as Error).message }, { cause: error });
  }
  return { entries, bytes: data.length };
}

/**
 * The append itself, for callers that already hold the ledger's lock (`withFileLock` on the
 * absolute path) and whose folder exists: tail, chain fields, validation, one write, fsync.
 */
export async function appendLocked<T extends ChainFields>(file: string, kind: LedgerKind<T>, records: readonly NewRecord<T>[]): Promise<LedgerEntry<T>[]> {
  const { handle, size, created } = await openLedgerForAppend(file);
  try {
    // Appending to an existing file needs only the file's fsync; a new file's name needs its folder's.
    const { entries } = await besideFolderSync(created ? path.dirname(file) : undefined, writeRecords(handle, size, file, kind, records));
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * Waits for `work` and, with a folder, for that folder's fsync, run at the same time: the two are
 * independent (a name made durable before its file's bytes is a file a crash leaves short, as a
 * crash in the middle of any append can), so a new ledger waits for one disk flush, not two in a
 * row. Both are done before this returns; `work`'s failure wins.
 */
async function besideFolderSync<R>(folder: string | undefined, work: Promise<R>): Promise<R> {
  if (folder === undefined) return work;
  const [done, synced] = await Promise.allSettled([work, syncFolder(folder)]);
  if (done.status === 'rejected') throw done.reason;
  if (synced.status === 'rejected') throw synced.reason;
  return done.value;
}

/**
 * For a writer that keeps its own mark of the ledger (group commit), holding the lock: reads
 * the records other writers appended since `mark` and appends what `select` returns, through
 * one open of the file (no separate look at its length before or after). Returns the records
 * read, those written and the new mark.
 */
export async function appendAfter<T extends ChainFields>(
  file: string,
  kind: LedgerKind<T>,
  mark: LedgerMark,
  select: (since: readonly LedgerEntry<T>[]) => readonly NewRecord<T>[],
): Promise<{ since: SinceRead<T>; entries: LedgerEntry<T>[]; mark: LedgerMark }> {
  const { handle, size, created } = await openLedgerForAppend(file);
  try {
    const since = await readSinceFrom<T>(handle, size, mark);
    const records = select(since.entries);
    const written = await besideFolderSync(created ? path.dirname(file) : undefined, records.length ? writeRecords(handle, size, file, kind, records) : Promise.resolve(undefined));
    if (!written) return { since, entries: [], mark: since.mark };
    // writeRecords refuses a torn tail, so after a write the file is whole lines.
    return { since, entries: written.entries, mark: { size: size + written.bytes, lines: since.mark.lines + written.entries.length } };
  } finally {
    await handle.close();
  }
}

/** Creates the ledger's folder when missing, runs `fn` under the ledger's lock, and makes a created folder durable. */
async function underLock<R>(file: string, options: LockOptions, fn: (target: string) => Promise<R>): Promise<R> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const dirExisted = await stat(dir).then(() => true, () => false);
  if (!dirExisted) await mkdir(dir, { recursive: true });
  // The new folder's name is made durable while the append runs, not after it.
  return besideFolderSync(dirExisted ? undefined : path.dirname(dir), withFileLock(target, options, () => fn(target)));
}

/**
 * Appends records to a ledger atomically and durably: under an exclusive lock file, the chain
 * fields (`seq`, `prev`) are computed from the current last line, each record is validated
 * against the kind's schema, all lines go out in one write, and the file (and, when created,
 * its folder) is fsynced before this returns. Refuses a ledger whose last line is torn.
 */
export async function appendRecords<T extends ChainFields>(file: string, kind: LedgerKind<T>, records: readonly NewRecord<T>[], options: LockOptions = {}): Promise<LedgerEntry<T>[]> {
  if (!records.length) return [];
  return underLock(file, options, (target) => appendLocked(target, kind, records));
}

/**
 * Appends what `select` picks, decided under the ledger's lock: `select` is given the records
 * other writers appended since `mark` (the part of the ledger the caller read and checked), so a
 * duplicate check it makes cannot race with another process's append. It may throw to write
 * nothing. Returns the records written.
 */
export async function appendSelected<T extends ChainFields>(
  file: string,
  kind: LedgerKind<T>,
  mark: LedgerMark,
  select: (since: readonly LedgerEntry<T>[]) => readonly NewRecord<T>[],
  options: LockOptions = {},
): Promise<LedgerEntry<T>[]> {
  return underLock(file, options, async (target) => {
    const { entries } = await readSince<T>(target, mark);
    const records = select(entries);
    return records.length ? appendLocked(target, kind, records) : [];
  });
}
