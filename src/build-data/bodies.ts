import type { BuildCache } from '../build/cache.js';
import { hashKey } from '../build/cache.js';
import { PreceptError } from '../errors.js';
import { mapLimit } from '../load/concurrency.js';
import type { MarkdownRenderer } from '../markdown/render.js';
import type { TextBlock } from '../redline/blocks.js';
import { inlineRunner, WorkerPool, type RenderRunner } from './render-pool.js';
import type { BodyData, RedlineData, RenderJob } from './render-job.js';

/**
 * Bumped whenever rendering changes what it produces (the renderer, sanitizer schema, heading
 * shift, link markers, redline format), so cached bodies from an older precept are not reused.
 */
export const RENDER_FORMAT = 'body-3';

/** A policy body at one version: what to render, named by a key that changes with its text. */
export class BodyRef {
  readonly kind = 'body';
  constructor(
    readonly key: string,
    readonly policyId: string,
    readonly version: string,
    /** The folder relative links resolve from (the file's folder at that version). */
    readonly dir: string,
    /** The file text, or the git blob holding it. */
    readonly source: { text: string } | { blob: string },
  ) {}

  /** In page data hashed for the page cache, a body is its key. */
  toJSON(): string {
    return this.key;
  }
}

/** A redline between two bodies. */
export class RedlineRef {
  readonly kind = 'redline';
  readonly key: string;
  constructor(readonly before: BodyRef, readonly after: BodyRef) {
    this.key = hashKey(RENDER_FORMAT, 'redline', before.key, after.key);
  }

  toJSON(): string {
    return this.key;
  }
}

/** Makes a body's key from its git blob id (for working-tree text, the id git would give it). */
export function bodyKey(blob: string, dir: string): string {
  return hashKey(RENDER_FORMAT, dir, blob);
}

/** What one policy's pages need rendered. */
export interface BodyGroup {
  bodies: BodyRef[];
  redlines: RedlineRef[];
}

/** Rendered bodies kept in memory between builds of one session (`precept dev`). */
export interface BodyMemory {
  bodies: Map<string, BodyData>;
  redlines: Map<string, RedlineData>;
}

/** How a store renders what no cache has. */
export interface BodyStoreOptions {
  cache: BuildCache;
  memory: BodyMemory;
  renderer: MarkdownRenderer;
  /** Loads the texts of blobs into `texts`. */
  loadBlobs: (blobs: string[]) => Promise<Map<string, string>>;
  /** Start worker threads when at least this many bodies need rendering (default 150); 0 always, Infinity never. */
  workerThreshold?: number;
  workers?: number;
}

/**
 * Rendered bodies and redlines for the build: from memory (dev), the persistent cache, or
 * rendered now (in worker threads for large cold builds). Unchanged policies and historical
 * versions are never rendered twice.
 */
export class BodyStore {
  private readonly used = { bodies: new Set<string>(), redlines: new Set<string>() };
  private readonly writes: Promise<void>[] = [];
  private runner: RenderRunner | undefined;
  /** How many bodies and redlines were rendered (not found in a cache) by this store. */
  readonly rendered = { bodies: 0, redlines: 0 };

  constructor(private readonly options: BodyStoreOptions) {}

  /** A rendered body (after `prepare`). */
  body(ref: BodyRef): BodyData {
    const data = this.options.memory.bodies.get(ref.key);
    if (!data) throw new Error(`body ${ref.policyId}@${ref.version} was not prepared`);
    return data;
  }

  /** A redline (after `prepare`). */
  redline(ref: RedlineRef): RedlineData {
    const data = this.options.memory.redlines.get(ref.key);
    if (!data) throw new Error(`redline ${ref.after.policyId}@${ref.after.version} was not prepared`);
    return data;
  }

  /**
   * Makes the groups' bodies and redlines available. Returns one promise per group, settled as
   * soon as that group is ready, so pages can be written while later groups still render.
   */
  async prepare(groups: readonly BodyGroup[]): Promise<Promise<void>[]> {
    const { memory, cache } = this.options;
    for (const g of groups) {
      for (const b of g.bodies) this.used.bodies.add(b.key);
      for (const r of g.redlines) this.used.redlines.add(r.key);
    }
    const missingBodies = new Map<string, BodyRef>();
    const missingRedlines = new Map<string, RedlineRef>();
    for (const g of groups) {
      for (const b of g.bodies) if (!memory.bodies.has(b.key)) missingBodies.set(b.key, b);
      for (const r of g.redlines) if (!memory.redlines.has(r.key)) missingRedlines.set(r.key, r);
    }
    if (cache.enabled) {
      await mapLimit([...missingBodies.values()], 64, async (b) => {
        const hit = await cache.get<BodyData>('bodies', b.key);
        if (hit) {
          memory.bodies.set(b.key, hit);
          missingBodies.delete(b.key);
        }
      });
      await mapLimit([...missingRedlines.values()], 64, async (r) => {
        const hit = await cache.get<RedlineData>('redlines', r.key);
        if (hit) {
          memory.redlines.set(r.key, hit);
          missingRedlines.delete(r.key);
        }
      });
    }
    // A redline needs both bodies' blocks: render the bodies it needs that no cache has.
    for (const r of missingRedlines.values()) {
      for (const b of [r.before, r.after]) if (!memory.bodies.has(b.key)) missingBodies.set(b.key, b);
    }
    if (!missingBodies.size && !missingRedlines.size) return groups.map(() => Promise.resolve());
    const blobs = [...missingBodies.values()].flatMap((b) => ('blob' in b.source ? [b.source.blob] : []));
    const texts = blobs.length ? await this.options.loadBlobs(blobs) : new Map<string, string>();
    const runner = this.runnerFor(missingBodies.size);
    // Each missing body or redline is rendered by the first group that needs it; later groups wait for it.
    const pending = new Map<string, Promise<void>>();
    return groups.map((g) => {
      const job: RenderJob = { bodies: [], redlines: [], known: [] };
      const waits: Promise<void>[] = [];
      const keys: string[] = [];
      const knownBlocks = new Map<string, TextBlock[]>();
      const need = (key: string): boolean => {
        const elsewhere = pending.get(key);
        if (elsewhere) waits.push(elsewhere);
        else if (!keys.includes(key)) keys.push(key);
        return !elsewhere;
      };
      const addBody = (b: BodyRef) => {
        if (!missingBodies.has(b.key) || !need(b.key) || job.bodies.some((t) => t.key === b.key)) return;
        const text = 'text' in b.source ? b.source.text : texts.get(b.source.blob);
        if (text === undefined) throw new PreceptError(`the text of ${b.policyId} ${b.version} could not be read from git`);
        job.bodies.push({ key: b.key, text, dir: b.dir });
      };
      for (const b of g.bodies) addBody(b);
      for (const r of g.redlines) {
        if (!missingRedlines.has(r.key) || !need(r.key)) continue;
        for (const b of [r.before, r.after]) {
          if (missingBodies.has(b.key)) addBody(b);
          else knownBlocks.set(b.key, memory.bodies.get(b.key)!.blocks);
        }
        job.redlines.push({ key: r.key, before: r.before.key, after: r.after.key });
      }
      job.known = [...knownBlocks];
      // A redline whose body another group renders waits for it (runJob passes its blocks in).
      const own = job.bodies.length || job.redlines.length ? this.runJob(runner, job, waits) : Promise.resolve();
      for (const k of keys) pending.set(k, own);
      return Promise.all([own, ...waits]).then(() => {});
    });
  }

  private async runJob(runner: RenderRunner, job: RenderJob, waits: Promise<void>[]): Promise<void> {
    const { memory, cache } = this.options;
    const rendering = new Set(job.bodies.map((b) => b.key));
    const external = job.redlines.flatMap((r) => [r.before, r.after]).filter((k) => !rendering.has(k) && !job.known.some(([kk]) => kk === k));
    if (external.length) {
      await Promise.all(waits);
      for (const k of new Set(external)) job.known.push([k, memory.bodies.get(k)!.blocks]);
    }
    const result = await runner.run(job);
    for (const [key, data] of result.bodies) {
      memory.bodies.set(key, data);
      this.rendered.bodies++;
      this.writes.push(cache.set('bodies', key, data));
    }
    for (const [key, data] of result.redlines) {
      memory.redlines.set(key, data);
      this.rendered.redlines++;
      this.writes.push(cache.set('redlines', key, data));
    }
  }

  private runnerFor(count: number): RenderRunner {
    if (this.runner) return this.runner;
    const threshold = this.options.workerThreshold ?? 150;
    const size = this.options.workers ?? WorkerPool.defaultSize();
    this.runner = count >= threshold && size > 1 ? new WorkerPool(size) : inlineRunner(this.options.renderer);
    return this.runner;
  }

  /**
   * Waits for cache writes, stops workers, and forgets (in memory) what this build did not use,
   * so a long dev session does not grow without bound.
   */
  async close(): Promise<void> {
    await this.runner?.close();
    this.runner = undefined;
    await Promise.all(this.writes.splice(0));
    const { memory } = this.options;
    for (const key of memory.bodies.keys()) if (!this.used.bodies.has(key)) memory.bodies.delete(key);
    for (const key of memory.redlines.keys()) if (!this.used.redlines.has(key)) memory.redlines.delete(key);
  }
}
