import { writeFileAtomically } from '../../core/output/atomic.js';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';

/** How long a cached PDF nobody used stays on disk. */
const MAX_AGE_MS = 30 * 86_400_000;

/**
 * Chromium's output by the hash of what it printed (the print job, the browser build and the
 * cache format), in `pdf/` of the cache folder (BuildOptions.cacheDir). A hit skips the browser entirely.
 * Entries are raw: dates and ids are normalized after, so one entry serves every build time.
 */
export class PdfCache {
  constructor(readonly dir: string | undefined) {}

  /** The cached bytes for a key, or undefined. */
  async get(key: string): Promise<Uint8Array | undefined> {
    if (!this.dir) return undefined;
    const file = path.join(this.dir, `${key}.pdf`);
    try {
      const bytes = await readFile(file);
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return bytes;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores bytes under a key (written to a temporary name, then renamed: readers never see half a
   * file). A cache that cannot be written (read-only checkout) only costs speed, never the build.
   */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    if (!this.dir) return;
    await writeFileAtomically(path.join(this.dir, `${key}.pdf`), bytes, { durable: false }).catch(() => undefined);
  }

  /** Removes entries unused for 30 days (`now` is the clock: cache housekeeping never reaches output). */
  async prune(now: Date): Promise<number> {
    if (!this.dir) return 0;
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now.getTime() - info.mtimeMs > MAX_AGE_MS) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
