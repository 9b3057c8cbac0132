import { writeFileAtomically } from '../../core/output/atomic.js';
import { createHash } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A short, stable hash of strings, for cache keys. */
export function hashKey(...parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex').slice(0, 40);
}

/**
 * The persistent build cache (`build/` in the cache folder, BuildOptions.cacheDir): JSON
 * entries by key, safe to delete at any time. Every read is checked (a missing, corrupt or foreign entry is a miss), and
 * a cache that cannot be written turns itself off instead of failing the build.
 */
export class BuildCache {
  private writable: boolean;
  private readonly made = new Set<string>();

  constructor(
    /** The cache folder, or undefined for no persistent cache (`--no-cache`). */
    readonly dir: string | undefined,
  ) {
    this.writable = dir !== undefined;
  }

  /** Whether the cache persists anything. */
  get enabled(): boolean {
    return this.dir !== undefined;
  }

  private file(bucket: string, key: string): string {
    return path.join(this.dir!, bucket, key.slice(0, 2), `${key}.json`);
  }

  /** Whether an entry is there (not whether it is readable: get() still checks it). */
  async has(bucket: string, key: string): Promise<boolean> {
    if (!this.dir) return false;
    return access(this.file(bucket, key)).then(() => true, () => false);
  }

  /** Reads an entry; undefined when absent or unreadable. */
  async get<T>(bucket: string, key: string): Promise<T | undefined> {
    if (!this.dir) return undefined;
    try {
      const entry = JSON.parse(await readFile(this.file(bucket, key), 'utf8')) as { key?: string; value?: T };
      return entry.key === key ? entry.value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes an entry (through a temporary file, so a reader never sees half of it). */
  async set(bucket: string, key: string, value: unknown): Promise<void> {
    if (!this.dir || !this.writable) return;
    await this.setJson(bucket, key, JSON.stringify(value));
  }

  /** Writes an entry whose value is already JSON text (made by whoever had the data: a worker thread). */
  async setJson(bucket: string, key: string, valueJson: string): Promise<void> {
    if (!this.dir || !this.writable) return;
    const target = this.file(bucket, key);
    try {
      const dir = path.dirname(target);
      if (!this.made.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.made.add(dir);
      }
      await writeFileAtomically(target, `{"key":${JSON.stringify(key)},"value":${valueJson}}`, { durable: false, parentExists: true });
    } catch {
      this.writable = false;
    }
  }
}
