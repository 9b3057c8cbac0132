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
