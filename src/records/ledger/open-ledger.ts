import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';

// Not every platform has O_NOFOLLOW; where it is missing the lstat-free checks below still hold.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Opens a ledger for writing without following links: a symlink in the ledger's place fails to
 * open (O_NOFOLLOW), and what did open must be a regular file with no other hard links. A ledger
 * that is a link would make a repair or an append change the file it points to, which may be
 * anyone's; nothing is written to one. `create`: append mode, creating the file; otherwise the
 * file is opened for reading and writing, and undefined is returned when it does not exist.
 */
export async function openLedgerForWrite(file: string, create: boolean): Promise<FileHandle | undefined> {
  const flags = create ? constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NOFOLLOW : constants.O_RDWR | NOFOLLOW;
  let handle: FileHandle;
  try {
    handle = await open(file, flags, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !create) return undefined;
    if (code === 'ELOOP' || code === 'EMLINK') throw notPlain(file, 'link');
    if (code === 'EISDIR') throw notPlain(file, 'folder');
    throw failure('ledger.cannot-open', { file, error: (error as Error).message }, { cause: error });
  }
  const info = await handle.stat();
  if (!info.isFile() || info.nlink > 1) {
    await handle.close();
    throw notPlain(file, info.isFile() ? 'hardlinks' : 'irregular', info.nlink);
  }
  return handle;
}

/**
 * Opens a ledger for appending, as openLedgerForWrite(file, true) does, saying whether this call
 * created it (its folder then needs an fsync) and how long it is: an append asks for both, and one
 * open and one stat answer them.
 */
export async function openLedgerForAppend(file: string): Promise<{ handle: FileHandle; size: number; created: boolean }> {
  const append = constants.O_RDWR | constants.O_APPEND | NOFOLLOW;
  for (;;) {
    let handle: FileHandle | undefined;
    let created = false;
    try {
      handle = await open(file, append);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return rejectOpen(file, error);
      try {
        handle = await open(file, append | constants.O_CREAT | constants.O_EXCL, 0o644);
        created = true;
      } catch (error2) {
        // Created by someone else in between: open it as it is.
        if ((error2 as NodeJS.ErrnoException).code === 'EEXIST') continue;
        return rejectOpen(file, error2);
      }
    }
    const info = await handle.stat();
    if (!info.isFile() || info.nlink > 1) {
      await handle.close();
      throw notPlain(file, info.isFile() ? 'hardlinks' : 'irregular', info.nlink);
    }
    return { handle, size: info.size, created };
  }
}

function rejectOpen(file: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP' || code === 'EMLINK') throw notPlain(file, 'link');
  if (code === 'EISDIR') throw notPlain(file, 'folder');
  throw failure('ledger.cannot-open', { file, error: (error as Error).message }, { cause: error });
}

const notPlain = (file: string, what: 'link' | 'folder' | 'hardlinks' | 'irregular', links = 1) =>
  failure('ledger.not-plain', { file, what, links }, { exitCode: 1 });

/** Refuses a ledger whose folder resolves outside the repository (a records folder that is a link). */
export async function assertInsideRoot(root: string, file: string): Promise<void> {
  const [rootReal, dirReal] = await Promise.all([realpath(root), realpath(path.dirname(file)).catch(() => undefined)]);
  if (dirReal === undefined) return; // no folder, so no ledger to write through
  if (dirReal !== rootReal && !dirReal.startsWith(rootReal + path.sep)) {
    throw failure('ledger.dir-outside', { dir: path.dirname(file), target: dirReal }, { exitCode: 1 });
  }
}
