import { writeFileAtomically } from '../../core/output/atomic.js';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
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
  /** Buckets found missing: every entry of one is a miss, answered without a file system call each. */
  private readonly missing = new Set<string>();
  private readonly looked = new Set<string>();

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

  /**
   * Whether a bucket has no folder (a cold cache): looked at once per bucket. A cold build asks
   * for a thousand entries while check keeps this thread busy; each asked of the file system
   * waited for a free moment of it, and the render workers were started only after the last.
   */
  private absent(bucket: string): boolean {
    if (!this.looked.has(bucket)) {
      this.looked.add(bucket);
      if (!existsSync(path.join(this.dir!, bucket))) this.missing.add(bucket);
    }
    return this.missing.has(bucket);
  }

  /** Whether an entry is there (not whether it is readable: get() still checks it). */
  async has(bucket: string, key: string): Promise<boolean> {
    if (!this.dir || this.absent(bucket)) return false;
    return access(this.file(bucket, key)).then(() => true, () => false);
  }

  /** Reads an entry; undefined when absent or unreadable. */
  async get<T>(bucket: string, key: string): Promise<T | undefined> {
    if (!this.dir || this.absent(bucket)) return undefined;
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
        this.missing.delete(bucket);
      }
      await writeFileAtomically(target, `{"key":${JSON.stringify(key)},"value":${valueJson}}`, { durable: false, parentExists: true });
    } catch {
      this.writable = false;
    }
  }
}
