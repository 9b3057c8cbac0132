import type { BuildCache } from '../build/cache.js';
import { hashKey } from '../build/cache.js';
import { Memo } from '../../core/memo.js';
import { toolKey } from '../../core/tool-key.js';
import { mapLimit } from '../../repo/load/concurrency.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import type { RedlineOptions } from '../../markdown/redline/redline.js';
import { inlineRunner, WorkerPool, type RenderRunner } from './render-pool.js';
import type { TextBlock } from '../../markdown/redline/blocks.js';
import type { BodyData, RedlineData, RenderJob } from './render-job.js';
import { failure } from '../../core/i18n/failure.js';

/**
 * Bumped whenever rendering changes what it produces (the renderer, sanitizer schema, heading
 * shift, link markers, redline format), so cached bodies from an older precept are not reused.
 */
/** Part of every body and redline key: rendered output changes with precept's code. */
const RENDER_KEY = `body-${toolKey()}`;

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

/** A redline between two bodies, in the texts' language, with the words it writes for readers. */
export class RedlineRef {
  readonly kind = 'redline';
  readonly key: string;
  constructor(readonly before: BodyRef, readonly after: BodyRef, readonly options: Required<RedlineOptions>) {
    this.key = redlineKeys.get(`${before.key}\0${after.key}\0${options.lang}\0${labelsHash(options.labels)}`, () => hashKey(RENDER_KEY, 'redline', before.key, after.key, options.lang, labelsJson(options.labels)));
  }

  toJSON(): string {
    return this.key;
  }
}

/**
 * Body and redline keys by what they hash: a build makes one for every version and every step
 * between versions of every policy, and a dev rebuild the same ones again.
 */
const bodyKeys = new Memo<string, string>({ entries: 100_000 });
const redlineKeys = new Memo<string, string>({ entries: 100_000 });

/** The redline labels as they go into keys, by object: a build passes one (never changed) labels object to all its redlines. */
const labelsJsons = new Memo<Required<RedlineOptions>['labels'], string>({ entries: 16 });
const labelsJson = (labels: Required<RedlineOptions>['labels']): string => labelsJsons.get(labels, () => JSON.stringify(labels));
/** The labels' hash, for the look-up key of redline keys: a short string to hash and compare, where their JSON is long. */
const labelsHashes = new Memo<Required<RedlineOptions>['labels'], string>({ entries: 16 });
const labelsHash = (labels: Required<RedlineOptions>['labels']): string => labelsHashes.get(labels, () => hashKey(labelsJson(labels)));

/** Makes a body's key from its git blob id (for working-tree text, the id git would give it). */
export function bodyKey(blob: string, dir: string): string {
  return bodyKeys.get(`${dir}\0${blob}`, () => hashKey(RENDER_KEY, dir, blob));
}

/** What one policy's pages need rendered. */
export interface BodyGroup {
  /** The policy: the persistent cache keeps one file per policy. */
  id: string;
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
  /** Loads the texts of blobs (from git). */
  loadBlobs: (blobs: string[]) => Promise<Map<string, string>>;
  /** Start worker threads when at least this many bodies need rendering (default 150); 0 always, Infinity never. */
  workerThreshold?: number;
  workers?: number;
  /** Makes the worker pool (tests count the pools a store starts). */
  newPool?: (size: number) => RenderRunner;
}

/**
 * A body whose `blocks` are read from their JSON when first asked for: only redlines use them,
 * and most bodies a build renders are compared by none, or in the worker that rendered them.
 */
function withBlocks(page: Omit<BodyData, 'blocks'>, json: string): BodyData {
  let blocks: TextBlock[] | undefined;
  return Object.defineProperty(page, 'blocks', { enumerable: true, get: () => (blocks ??= JSON.parse(json) as TextBlock[]) }) as BodyData;
}

/** A policy's entry in the persistent cache: every body and redline its pages used. */
interface CachedPolicy {
  bodies: [string, BodyData][];
  redlines: [string, RedlineData][];
}

/**
 * Rendered bodies and redlines for the build: from memory (dev), the persistent cache (one file
 * per policy), or rendered now, in worker threads for large cold builds. Unchanged policies and
 * historical versions are never rendered twice.
 */
export class BodyStore {
  /** Keys used by this build, with their policy. */
  private readonly used = { bodies: new Map<string, string>(), redlines: new Map<string, string>() };
  /** Policies with something rendered this build: their cache files are rewritten. */
  private readonly dirty = new Set<string>();
  private readonly loaded = new Set<string>();
  private readonly inflight = new Map<string, Promise<void>>();
  /** What this build rendered, as JSON, when there is a cache: its files are written from these. */
  private readonly serialized = new Map<string, string>();
  /** The blocks of the bodies this build rendered, as JSON: later jobs' redlines compare them. */
  private readonly blocks = new Map<string, string>();
  private runner: RenderRunner | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
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
   * Starts rendering groups early (say, current bodies while check still runs); a later prepare
   * waits for them. The promise settles when the prefetch is done; nobody needs to await it.
   * A group with a file in the persistent cache is left to the prepare that needs it: a rebuild
   * carries most pages over and needs none of those bodies (reading all of them took a second
   * of a 1000-policy rebuild's main thread, and half its memory).
   */
  prefetch(groups: readonly BodyGroup[]): Promise<void> {
    const { cache } = this.options;
    const complete = (g: BodyGroup) => g.bodies.every((b) => this.have(b.key, 'bodies')) && g.redlines.every((r) => this.have(r.key, 'redlines'));
    const wanted = (async () => {
      if (!cache.enabled) return groups;
      const cached = await mapLimit(groups, 32, (g) => (complete(g) ? Promise.resolve(false) : cache.has('policies', hashKey(RENDER_KEY, g.id))));
      return groups.filter((_, i) => !cached[i]);
    })();
    return wanted.then((gs) => this.prepare(gs)).then((ready) => Promise.allSettled(ready).then(() => {}), () => {});
  }

  private have(key: string, kind: 'bodies' | 'redlines'): boolean {
    return this.options.memory[kind].has(key) || this.inflight.has(key);
  }

  /** Reads a policy's cache file into memory (once per build). */
  private async loadCached(id: string): Promise<void> {
    if (this.loaded.has(id)) return;
    this.loaded.add(id);
    const entry = await this.options.cache.get<CachedPolicy>('policies', hashKey(RENDER_KEY, id));
    if (!entry || !Array.isArray(entry.bodies) || !Array.isArray(entry.redlines)) return;
    const { memory } = this.options;
    for (const [k, v] of entry.bodies) if (!memory.bodies.has(k)) memory.bodies.set(k, v);
    for (const [k, v] of entry.redlines) if (!memory.redlines.has(k)) memory.redlines.set(k, v);
  }

  /**
   * Makes the groups' bodies and redlines available. Returns one promise per group, settled as
   * soon as that group is ready, so pages can be written while later groups still render.
   */
  async prepare(groups: readonly BodyGroup[]): Promise<Promise<void>[]> {
    const { cache } = this.options;
    for (const g of groups) {
      for (const b of g.bodies) this.used.bodies.set(b.key, g.id);
      for (const r of g.redlines) this.used.redlines.set(r.key, g.id);
    }
    const incomplete = (g: BodyGroup) => g.bodies.some((b) => !this.have(b.key, 'bodies')) || g.redlines.some((r) => !this.have(r.key, 'redlines'));
    if (cache.enabled) await mapLimit(groups.filter(incomplete), 32, (g) => this.loadCached(g.id));
    const missingBodies = new Map<string, BodyRef>();
    const missingRedlines = new Map<string, RedlineRef>();
    for (const g of groups) {
      for (const b of g.bodies) if (!this.have(b.key, 'bodies')) missingBodies.set(b.key, b);
      for (const r of g.redlines) {
        if (this.have(r.key, 'redlines')) continue;
        missingRedlines.set(r.key, r);
        // A redline needs both bodies' blocks.
        for (const b of [r.before, r.after]) if (!this.have(b.key, 'bodies')) missingBodies.set(b.key, b);
      }
    }
    const blobs = [...missingBodies.values()].flatMap((b) => ('blob' in b.source ? [b.source.blob] : []));
    const texts = blobs.length ? await this.options.loadBlobs(blobs) : new Map<string, string>();
    const runner = missingBodies.size || missingRedlines.size ? this.runnerFor(missingBodies.size) : undefined;
    return groups.map((g) => {
      const job: RenderJob = { bodies: [], redlines: [], known: [] };
      const waits = new Set<Promise<void>>();
      const mine: string[] = [];
      const claim = (key: string): boolean => {
        const elsewhere = this.inflight.get(key);
        if (elsewhere) {
          waits.add(elsewhere);
          return false;
        }
        mine.push(key);
        return true;
      };
      for (const b of [...g.bodies, ...g.redlines.flatMap((r) => (missingRedlines.has(r.key) ? [r.before, r.after] : []))]) {
        if (!missingBodies.has(b.key) || mine.includes(b.key) || !claim(b.key)) continue;
        const text = 'text' in b.source ? b.source.text : texts.get(b.source.blob);
        if (text === undefined) throw failure('render.text-unreadable', { policy: b.policyId, version: b.version });
        job.bodies.push({ key: b.key, text, dir: b.dir });
      }
      for (const r of g.redlines) {
        if (!missingRedlines.has(r.key) || mine.includes(r.key) || !claim(r.key)) continue;
        job.redlines.push({ key: r.key, before: r.before.key, after: r.after.key, options: r.options });
      }
      // Whatever another prepare (a prefetch) is still rendering, this group waits for too.
      for (const b of [...g.bodies, ...g.redlines.flatMap((r) => [r.before, r.after])]) {
        const pending = this.inflight.get(b.key);
        if (pending && !mine.includes(b.key)) waits.add(pending);
      }
      for (const r of g.redlines) {
        const pending = this.inflight.get(r.key);
        if (pending && !mine.includes(r.key)) waits.add(pending);
      }
      const own = job.bodies.length || job.redlines.length ? this.runJob(runner!, job, g.id, [...waits]) : Promise.resolve();
      for (const k of mine) this.inflight.set(k, own);
      own.then(() => mine.forEach((k) => this.inflight.delete(k)), () => {});
      return Promise.all([own, ...waits]).then(() => {});
    });
  }

  private async runJob(runner: RenderRunner, job: RenderJob, id: string, waits: Promise<void>[]): Promise<void> {
    const { memory } = this.options;
    const rendering = new Set(job.bodies.map((b) => b.key));
    await Promise.all(waits);
    for (const k of new Set(job.redlines.flatMap((r) => [r.before, r.after]))) {
      if (!rendering.has(k)) job.known.push([k, this.blocks.get(k) ?? JSON.stringify(memory.bodies.get(k)!.blocks)]);
    }
    const result = await runner.run(job, id);
    for (const [key, page, blocks] of result.bodies) {
      memory.bodies.set(key, withBlocks(JSON.parse(page) as Omit<BodyData, 'blocks'>, blocks));
      this.blocks.set(key, blocks);
      // The whole BodyData, as the cache stores it.
      if (this.options.cache.enabled) this.serialized.set(key, `{"blocks":${blocks},${page.slice(1)}`);
    }
    for (const [key, json] of result.redlines) {
      memory.redlines.set(key, JSON.parse(json) as RedlineData);
      if (this.options.cache.enabled) this.serialized.set(key, json);
    }
    this.rendered.bodies += result.bodies.length;
    this.rendered.redlines += result.redlines.length;
    this.dirty.add(id);
  }

  private runnerFor(count: number): RenderRunner {
    // A prepare still reading caches when the build stopped (check found errors) must not start
    // workers after close(): they would keep the process alive.
    if (this.closed) return { run: () => Promise.reject(failure('render.stopped')), close: async () => {} };
    if (this.runner) return this.runner;
    const threshold = this.options.workerThreshold ?? 150;
    const size = this.options.workers ?? WorkerPool.defaultSize();
    const newPool = this.options.newPool ?? ((n: number) => new WorkerPool(n));
    this.runner = count >= threshold && size >= 1 ? newPool(size) : inlineRunner(this.options.renderer);
    return this.runner;
  }

  /**
   * Writes the cache files of policies with newly rendered bodies: each holds what this build
   * used for that policy, so entries for text that no longer exists drop out. Yields between
   * policies so other work (the search indexer) keeps going.
   */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      const { cache, memory } = this.options;
      if (!cache.enabled || !this.dirty.size) return;
      const byPolicy = new Map<string, { bodies: string[]; redlines: string[] }>();
      const slot = (id: string) => {
        let e = byPolicy.get(id);
        if (!e) byPolicy.set(id, (e = { bodies: [], redlines: [] }));
        return e;
      };
      // Entries as JSON text: what was rendered this build already is; what came from a cache is
      // serialized again (one policy's older versions, when it changed).
      const entry = (key: string, value: unknown) => `[${JSON.stringify(key)},${this.serialized.get(key) ?? JSON.stringify(value)}]`;
      for (const [k, id] of this.used.bodies) if (this.dirty.has(id) && memory.bodies.has(k)) slot(id).bodies.push(entry(k, memory.bodies.get(k)));
      for (const [k, id] of this.used.redlines) if (this.dirty.has(id) && memory.redlines.has(k)) slot(id).redlines.push(entry(k, memory.redlines.get(k)));
      this.serialized.clear();
      this.blocks.clear();
      const writes: Promise<void>[] = [];
      for (const [id, e] of byPolicy) {
        writes.push(cache.setJson('policies', hashKey(RENDER_KEY, id), `{"bodies":[${e.bodies.join(',')}],"redlines":[${e.redlines.join(',')}]}`));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await Promise.all(writes);
    })();
    return this.flushing;
  }

  /**
   * Stops rendering at once (a signal asked the build to stop): workers are terminated, work not
   * finished is rejected, and nothing new starts. close() still follows.
   */
  async stop(): Promise<void> {
    this.closed = true;
    const runner = this.runner;
    this.runner = undefined;
    await runner?.close();
  }

  /**
   * Stops workers, writes the cache, and forgets (in memory) what this build did not use, so a
   * long dev session does not grow without bound.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.runner?.close();
    this.runner = undefined;
    await Promise.allSettled([...this.inflight.values()]);
    await this.flush();
    const { memory } = this.options;
    for (const key of memory.bodies.keys()) if (!this.used.bodies.has(key)) memory.bodies.delete(key);
    for (const key of memory.redlines.keys()) if (!this.used.redlines.has(key)) memory.redlines.delete(key);
  }
}
