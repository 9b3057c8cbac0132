import { randomBytes } from 'node:crypto';
import { syncFolder } from '../../core/output/atomic.js';
import { constants } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { withFileLock, type LockOptions } from './lock.js';
import type { LedgerEntry } from './parse.js';
import { continueRebase, rebaseLedger } from './rebase.js';
import { completeLines } from './rechain.js';

/** What re-chaining a ledger file onto an upstream ledger did. */
export interface LiveRebase<T> {
  /** Whether the file was replaced (false: it already extended upstream with nothing to drop). */
  changed: boolean;
  /** The file's length and number of lines afterwards. */
  size: number;
  lines: number;
  /** Upstream records the file did not have. */
  upstream: LedgerEntry<T>[];
  /** Local records re-chained after upstream's, and those dropped as repeats of upstream's. */
  kept: LedgerEntry<T>[];
  dropped: LedgerEntry<T>[];
}

/** Options for re-chaining a live ledger. */
export interface LiveRebaseOptions<T> extends LockOptions {
  /**
   * Called under the ledger's lock once the new file is in place, before anyone else may append:
   * a writer in this process takes the new length and the upstream records from here.
   */
  replaced?(outcome: LiveRebase<T>): void | Promise<void>;
  /** The language of what the re-chaining refuses (the repo's); English when not given. */
  locale?: string;
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;


async function readFrom(handle: FileHandle, from: number, to: number): Promise<Buffer> {
  const bytes = Buffer.alloc(Math.max(0, to - from));
  let done = 0;
  while (done < bytes.length) {
    const { bytesRead } = await handle.read(bytes, done, bytes.length - done, from + done);
    if (!bytesRead) break;
    done += bytesRead;
  }
  return bytes.subarray(0, done);
}

/**
 * Re-chains a ledger file that others keep appending to onto an upstream ledger (see
 * rebaseLedger): the file becomes upstream's records followed by its own records upstream lacks.
 * The bulk of the new file is written and fsynced beside it without the lock; then, under the
 * ledger's lock, the lines appended meanwhile are re-chained too, the new file is fsynced and
 * renamed over the old one and the folder fsynced. A crash leaves either the old file or the new
 * one, never a mix, and no record is lost: every record is either kept or already upstream.
 */
export async function rebaseLiveLedger<T extends ChainFields>(file: string, kind: LedgerKind<T>, upstream: Buffer, label: string, options: LiveRebaseOptions<T> = {}): Promise<LiveRebase<T>> {
  const target = path.resolve(file);
  let handle: FileHandle | undefined;
  try {
    handle = await open(target, constants.O_RDONLY | NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw failure('ledger.cannot-read', { file: label, error: (error as Error).message }, { cause: error });
  }
  let seen: { ino: number; size: number; mode: number } | undefined;
  let local: Buffer = Buffer.alloc(0);
  if (handle) {
    try {
      const info = await handle.stat();
      seen = { ino: info.ino, size: info.size, mode: info.mode & 0o777 };
      local = completeLines(await readFrom(handle, 0, info.size));
    } finally {
      await handle.close();
    }
  }
  const rebased = rebaseLedger(kind, label, upstream, local, options.locale);
  // The file already extends upstream (the usual case when nobody else appended): nothing to do.
  if (!rebased.upstream.length && !rebased.dropped.length) {
    return { changed: false, size: local.length, lines: rebased.lines, upstream: [], kept: rebased.kept, dropped: [] };
  }
  const tmp = `${target}.rebase-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  const out = await open(tmp, 'wx', seen?.mode ?? 0o644);
  let renamed = false;
  try {
    await out.write(rebased.bytes, 0, rebased.bytes.length, 0);
    await out.sync();
    return await withFileLock(target, options, async () => {
      const now = await stat(target).catch(() => undefined);
      if (seen ? !now || now.ino !== seen.ino || now.size < local.length : now !== undefined) {
        throw failure('ledger.replaced', { file: label });
      }
      let more: Buffer = Buffer.alloc(0);
      if (now && now.size > local.length) {
        const again = await open(target, constants.O_RDONLY | NOFOLLOW);
        try {
          more = await readFrom(again, local.length, now.size);
        } finally {
          await again.close();
        }
      }
      if (more.length && more[more.length - 1] !== 10) {
        throw failure('ledger.torn-rebase', { file: label }, { exitCode: 1 });
      }
      const next = continueRebase(kind, label, rebased.state, more);
      const kept = [...rebased.kept, ...next.kept];
      const dropped = [...rebased.dropped, ...next.dropped];
      const size = rebased.bytes.length + next.bytes.length;
      const outcome: LiveRebase<T> = { changed: true, size, lines: rebased.state.end.seq, upstream: rebased.upstream, kept, dropped };
      if (next.bytes.length) {
        await out.write(next.bytes, 0, next.bytes.length, rebased.bytes.length);
        await out.sync();
      }
      await rename(tmp, target);
      renamed = true;
      await syncFolder(path.dirname(target));
      await options.replaced?.(outcome);
      return outcome;
    });
  } finally {
    await out.close();
    if (!renamed) await unlink(tmp).catch(() => undefined);
  }
}
