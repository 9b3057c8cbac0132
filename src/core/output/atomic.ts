import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A folder kept beside the target for the next run to start from, instead of deleting it. */
export interface SpareFolder {
  /** Where the replaced folder is kept (a sibling of the target). */
  path: string;
  /**
   * Makes a spare a previous run kept, already moved to the temporary name, fit to be filled;
   * false when it cannot (it is removed then and an empty folder used). Absent: the spare is
   * kept for a later run but not used.
   */
  recycle?: (tmpDir: string) => Promise<boolean>;
}

/**
 * Builds a folder in a temporary sibling and swaps it into place only when `fill` succeeds, so
 * readers never see a half-written site or pack and a failed run leaves the old output intact.
 * With `spare`, the replaced folder is kept rather than deleted and the next run starts from it:
 * deleting a large site and creating its thousands of folders again costs seconds of system
 * time a spare does not (and on ext4 without a journal every inode created soon after a deletion
 * scans past the deleted ones).
 */
export async function writeDirAtomically<T>(target: string, fill: (tmpDir: string) => Promise<T>, spare?: SpareFolder): Promise<T> {
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${suffix}`);
  if (!(spare?.recycle && (await takeSpare(spare.path, tmp, spare.recycle)))) await mkdir(tmp);
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
  // The spare's name is taken when a spare was left unused (or another run kept one meanwhile).
  const kept = exists && spare !== undefined && (await rename(target, spare.path).then(() => true, () => false));
  if (exists && !kept) await rename(target, old);
  await rename(tmp, target);
  if (exists && !kept) await rm(old, { recursive: true, force: true });
  return result;
}

/** Moves the spare (a real folder, never a link to one) to `tmp` and recycles it; false when there is none or it cannot be used. */
async function takeSpare(spare: string, tmp: string, recycle: (tmpDir: string) => Promise<boolean>): Promise<boolean> {
  if (!(await lstat(spare).then((s) => s.isDirectory(), () => false))) return false;
  if (!(await rename(spare, tmp).then(() => true, () => false))) return false;
  if (await recycle(tmp).catch(() => false)) return true;
  await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  return false;
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
