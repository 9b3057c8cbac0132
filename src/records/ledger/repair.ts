import { open } from 'node:fs/promises';
import path from 'node:path';
import { withFileLock, type LockOptions } from './lock.js';

/** What `repairTornTail` removed. */
export interface TailRepair {
  /** The line number the removed bytes would have had. */
  line: number;
  /** The file's length after the repair. */
  offset: number;
  removed: Buffer;
}

/**
 * Removes an incomplete last line (bytes after the last newline, or a last line of only NUL
 * bytes) left by an append that never finished, under the ledger's lock, and returns what it
 * removed (undefined when the file ends cleanly or does not exist). Never touches complete lines.
 */
export function repairTornTail(file: string, options: LockOptions = {}): Promise<TailRepair | undefined> {
  return withFileLock(path.resolve(file), options, async () => {
    let handle;
    try {
      handle = await open(file, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
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
      const removed = Buffer.from(bytes.subarray(end));
      if (!removed.length) return undefined;
      await handle.truncate(end);
      await handle.sync();
      const line = bytes.subarray(0, end).reduce((n, b) => (b === 10 ? n + 1 : n), 0) + 1;
      return { line, offset: end, removed };
    } finally {
      await handle.close();
    }
  });
}
