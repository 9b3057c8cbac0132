import path from 'node:path';
import { GENESIS, lineHash } from './chain.js';
import type { LedgerKind } from './kind.js';
import { withFileLock, type LockOptions } from './lock.js';
import { assertInsideRoot, openLedgerForWrite } from './open-ledger.js';
import { checkLines } from './parse.js';

/** What `repairTornTail` did to the bytes after the last complete line. */
export interface TailRepair {
  /**
   * removed: an incomplete line was cut off. completed: the bytes were a whole record, valid and
   * chained to the line before, missing only its newline, which was added.
   */
  action: 'removed' | 'completed';
  /** The line number of those bytes. */
  line: number;
  /** The file's length after the repair. */
  offset: number;
  /** The bytes removed, or the record completed (without the added newline). */
  bytes: Buffer;
}

/** Options for a repair. */
export interface RepairOptions extends LockOptions {
  /** The repository root: a ledger whose folder resolves outside it is refused. */
  root?: string;
}

/** Whether a last line without its newline is a complete record of the kind, chained to the line before. */
function isChainedRecord(bytes: Buffer, start: number, kind: LedgerKind): boolean {
  const end = bytes.length;
  const split = { starts: [start], ends: [end], torn: undefined };
  const checked = checkLines('', bytes, split, 0, 1, kind);
  if (checked.diagnostics.length || !checked.entries.length) return false;
  const record = checked.entries[0]!.record;
  if (start === 0) return record.seq === 1 && record.prev === GENESIS;
  const before = bytes.lastIndexOf(10, start - 2) + 1;
  const previous = bytes.subarray(before, start - 1);
  let seq: unknown;
  try {
    seq = (JSON.parse(previous.toString('utf8')) as { seq?: unknown }).seq;
  } catch {
    return false;
  }
  return typeof seq === 'number' && record.seq === seq + 1 && record.prev === lineHash(previous);
}

/**
 * Mends the end of a ledger left by an append that never finished, under the ledger's lock.
 * Bytes after the last newline that form a whole record, valid and chained to the line before,
 * lose only their newline (a write cut short by one byte, or an editor): the newline is added.
 * Anything else after the last newline, or a last line of only NUL bytes, is removed. Returns what
 * it did (undefined when the file ends cleanly or does not exist); complete lines are never
 * touched. Never follows a link: a ledger that is a symlink, a hard link or in a folder outside
 * `root` is refused before anything is read or written.
 */
export async function repairTornTail(file: string, kind: LedgerKind, options: RepairOptions = {}): Promise<TailRepair | undefined> {
  if (options.root !== undefined) await assertInsideRoot(options.root, file);
  return withFileLock(path.resolve(file), options, async () => {
    const handle = await openLedgerForWrite(file, false);
    if (!handle) return undefined;
    try {
      const bytes = await handle.readFile();
      let end = bytes.length;
      if (end && bytes[end - 1] === 10) {
        const start = bytes.lastIndexOf(10, end - 2) + 1;
        if (end - 1 === start || !bytes.subarray(start, end - 1).every((b) => b === 0)) return undefined;
        end = start;
      } else {
        end = bytes.lastIndexOf(10) + 1;
      }
      const tail = Buffer.from(bytes.subarray(end));
      if (!tail.length) return undefined;
      const line = bytes.subarray(0, end).reduce((n, b) => (b === 10 ? n + 1 : n), 0) + 1;
      if (end < bytes.length && bytes[bytes.length - 1] !== 10 && isChainedRecord(bytes, end, kind)) {
        await handle.write(Buffer.from('\n'), 0, 1, bytes.length);
        await handle.sync();
        return { action: 'completed', line, offset: bytes.length + 1, bytes: tail };
      }
      await handle.truncate(end);
      await handle.sync();
      return { action: 'removed', line, offset: end, bytes: tail };
    } finally {
      await handle.close();
    }
  });
}
