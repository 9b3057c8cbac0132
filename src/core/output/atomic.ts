import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Builds a folder in a temporary sibling and swaps it into place only when `fill` succeeds, so
 * readers never see a half-written site or pack and a failed run leaves the old output intact.
 */
export async function writeDirAtomically<T>(target: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${suffix}`);
  await mkdir(tmp);
  let result: T;
  try {
    result = await fill(tmp);
  } catch (error) {
    // The run's own error is what the user needs to see, not a failure to clean up after it.
    await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => {});
    throw error;
  }
  const old = path.join(parent, `.${path.basename(target)}.old-${suffix}`);
  const exists = await stat(target).then(() => true, () => false);
  if (exists) await rename(target, old);
  await rename(tmp, target);
  if (exists) await rm(old, { recursive: true, force: true });
  return result;
}

/** How a file is written: `durable` (the default) fsyncs it before the rename. */
export interface AtomicWriteOptions {
  /**
   * false for files a crash may lose but never tear: caches, whose readers check every entry and
   * which are rewritten thousands at a time, where an fsync each would cost seconds. A reader
   * sees the old file or the whole new one either way; `durable` adds that after a crash the
   * new one is there.
   */
  durable?: boolean;
  /** Skip creating the parent folder (the caller knows it exists). */
  parentExists?: boolean;
}

/** A file written beside its target under a temporary name, not yet in place. */
export interface StagedFile {
  target: string;
  /** Where the bytes are until commit(). */
  temporary: string;
  /** Renames it over the target (atomic on one filesystem); with `syncFolder`, makes the rename itself durable. */
  commit(options?: { syncFolder?: boolean }): Promise<void>;
  /** Removes the temporary file. */
  discard(): Promise<void>;
}

/**
 * Writes a file's bytes under a temporary name in the target's folder (fsynced unless `durable`
 * is false): the first half of an atomic write. `writeFileAtomically` commits it at once; a
 * caller that must record a file before it appears (a pack copy) commits it after.
 */
export async function stageFile(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<StagedFile> {
  const dir = path.dirname(target);
  if (!options.parentExists) await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(temporary, 'w', 0o644);
    try {
      await handle.writeFile(data);
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return {
    target,
    temporary,
    async commit(commitOptions = {}) {
      await rename(temporary, target);
      // The rename survives a crash only once the folder's entry is on disk.
      if (commitOptions.syncFolder) await syncFolder(dir);
    },
    discard: () => rm(temporary, { force: true }),
  };
}

/**
 * Writes a file through a temporary sibling renamed over the target: a reader (a server, a
 * second build) never sees half of it, and a failed write leaves the old file and no temporary.
 * The one way precept replaces a file.
 */
export async function writeFileAtomically(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const staged = await stageFile(target, data, options);
  try {
    await staged.commit();
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

/** fsyncs a folder, so a file created, renamed or removed in it stays so after a power cut. */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
