import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { MarkdownRenderer } from '../../markdown/render.js';
import { runRenderJob, type RenderJob, type RenderJobResult } from './render-job.js';
import { failure } from '../../core/i18n/failure.js';

/** Runs render jobs: in worker threads when there is enough work to pay for starting them, else in-process. */
export interface RenderRunner {
  /** Runs a job; jobs with the same `affinity` (a policy id) go to the same worker, whose block cache knows that policy. */
  run(job: RenderJob, affinity?: string): Promise<RenderJobResult>;
  close(): Promise<void>;
}

/**
 * In-process rendering with the build's one renderer. Each job waits for a turn of the event
 * loop first, so a signal (SIGINT, SIGTERM) is heard between jobs, and after close() no job starts.
 */
export function inlineRunner(renderer: MarkdownRenderer): RenderRunner {
  let closed = false;
  return {
    run: async (job) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (closed) throw failure('render.stopped');
      return runRenderJob(renderer, job);
    },
    close: async () => {
      closed = true;
    },
  };
}

interface Pending {
  id: number;
  /** The worker this job must run on (its policy's other versions were rendered there), or -1. */
  worker: number;
  job: RenderJob;
  resolve: (r: RenderJobResult) => void;
  reject: (e: Error) => void;
}

/**
 * The worker script next to this module: the compiled .js, or, when running from TypeScript
 * source (the tests), a small loader that registers tsx in the worker and imports the .ts.
 */
function workerScript(): { script: URL | string; options: WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./render-worker.js', import.meta.url), options: {} };
  // tsx/esm/api's ESM build, beside the CommonJS one `require.resolve` finds.
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
  const entry = new URL('./render-worker.ts', import.meta.url).href;
  return { script: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, options: { eval: true } };
}

/** A stable worker index for a key (FNV-1a). */
function stableIndex(key: string, size: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % size;
}

/**
 * How many jobs each worker is given ahead: it finishes one and starts the next by itself, so it
 * does not sit idle while this thread is busy (checking rules, writing pages) and has not yet
 * heard that the last one is done. Enough for a whole early render of current bodies (one job per
 * policy): this thread runs check and the build data for seconds at a time without hearing from
 * the workers, and with 32 a worker rendered those and then waited, idle, most of that time.
 */
const AHEAD = 2048;

/**
 * The young generation of a render worker's heap (V8's default is 16 MB per semi-space here).
 * Rendering makes a great many short-lived objects (trees, tokens, strings), and with a small
 * young generation each collection copies the ones still live out again and again: with 64 MB
 * semi-spaces a worker's collections take a fraction of the time. Workers live for one build.
 */
const YOUNG_GENERATION_MB = 192;

/**
 * A pool of worker threads, each with its own MarkdownRenderer. Jobs (one policy each: its
 * versions share blocks, so they go to one worker) are handed to the workers as they come, up to
 * AHEAD each; a job without affinity goes to the worker with the least to do.
 */
export class WorkerPool implements RenderRunner {
  private readonly workers: Worker[] = [];
  private readonly queue: Pending[] = [];
  /** Each worker's jobs in flight, by id. */
  private readonly inFlight = new Map<Worker, Map<number, Pending>>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(size: number) {
    const { script, options } = workerScript();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { ...options, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      worker.on('message', (m: { id: number; result?: RenderJobResult; error?: string }) => this.done(worker, m));
      worker.on('error', (e) => this.fail(worker, e));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(worker, new Error(`render worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.inFlight.set(worker, new Map());
    }
  }

  /**
   * The number of workers worth starting on this machine: one core fewer than it has, since this
   * thread is busy all along too (templating, writing and indexing the pages the workers' bodies
   * go into). A worker more than the cores left only adds its own start, compiled code and heap.
   */
  static defaultSize(): number {
    return Math.min(4, availableParallelism() - 1);
  }

  run(job: RenderJob, affinity?: string): Promise<RenderJobResult> {
    if (this.failure) return Promise.reject(this.failure);
    // Versions of a policy share most of their blocks: keep a policy on one worker so its block
    // cache serves them all (without affinity, any worker).
    const worker = affinity === undefined ? -1 : stableIndex(affinity, this.workers.length);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, worker, job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    let at = 0;
    while (at < this.queue.length) {
      const task = this.queue[at]!;
      let worker: Worker | undefined;
      if (task.worker >= 0) worker = this.workers[task.worker];
      else for (const w of this.workers) if (!worker || this.inFlight.get(w)!.size < this.inFlight.get(worker)!.size) worker = w;
      const jobs = this.inFlight.get(worker!)!;
      if (jobs.size >= AHEAD) {
        if (this.workers.every((w) => this.inFlight.get(w)!.size >= AHEAD)) return;
        at++;
        continue;
      }
      this.queue.splice(at, 1);
      jobs.set(task.id, task);
      worker!.postMessage({ id: task.id, job: task.job });
    }
  }

  private done(worker: Worker, m: { id: number; result?: RenderJobResult; error?: string }): void {
    if (this.closing) return;
    const jobs = this.inFlight.get(worker)!;
    const task = jobs.get(m.id);
    jobs.delete(m.id);
    if (task) {
      if (m.result) task.resolve(m.result);
      else task.reject(failure('render.failed', { error: m.error ?? 'unknown error' }));
    }
    if (this.queue.length) this.pump();
  }

  private fail(worker: Worker, error: Error): void {
    this.failure ??= failure('render.worker-failed', { error: error.message }, { cause: error });
    const jobs = this.inFlight.get(worker)!;
    for (const task of jobs.values()) task.reject(this.failure);
    jobs.clear();
    for (const task of this.queue.splice(0)) task.reject(this.failure);
  }

  /** Stops the workers; jobs not finished yet are rejected, so nobody waits on them forever. */
  async close(): Promise<void> {
    this.closing = true;
    // Waiting jobs are rejected first, so their callers move on while the threads are torn down.
    const closed = failure('render.stopped');
    for (const jobs of this.inFlight.values()) {
      for (const task of jobs.values()) task.reject(closed);
      jobs.clear();
    }
    for (const task of this.queue.splice(0)) task.reject(closed);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
