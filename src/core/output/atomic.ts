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
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  const old = path.join(parent, `.${path.basename(target)}.old-${suffix}`);
  const exists = await stat(target).then(() => true, () => false);
  if (exists) await rename(target, old);
  await rename(tmp, target);
  if (exists) await rm(old, { recursive: true, force: true });
  return result;
}

/** A file written and fsynced beside its target under a temporary name, not yet in place. */
export interface StagedFile {
  target: string;
  /** Where the bytes are until commit(). */
  temporary: string;
  /** Renames it into place (atomic on one filesystem) and makes the rename durable. */
  commit(): Promise<void>;
  /** Removes the temporary file. */
  discard(): Promise<void>;
}

/**
 * Writes a file's bytes durably under a temporary name in the target's folder: the first half
 * of an atomic write, for callers that must do something else (record it) before it appears.
 */
export async function stageFile(target: string, data: string | Uint8Array): Promise<StagedFile> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return {
    target,
    temporary,
    async commit() {
      await rename(temporary, target);
      // The rename itself survives a crash only once the folder is on disk.
      const folder = await open(dir, 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    },
    discard: () => rm(temporary, { force: true }),
  };
}

/** Writes a file through a temporary sibling, fsynced, then renamed over the target. */
export async function writeFileAtomically(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(tmp, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
