import { Worker } from 'node:worker_threads';
import { PreceptError } from '../../core/errors.js';
import { workerScript } from '../data/render-pool.js';
import type { Theme, ThemeSource } from '../theme/theme.js';

/** Renders a page with a theme: the page's template, then the layout around it. */
export async function renderPage(theme: Theme, template: string, data: Record<string, unknown>): Promise<string> {
  const content = await theme.render(`pages/${template}`, data);
  return theme.render('layouts/page.hbs', { ...data, content });
}

/** A page for the thread: where it goes (a path under `folder`), its template and data, and whether its HTML is wanted back. */
export interface PageMessage {
  id: number;
  folder: string;
  path: string;
  template: string;
  data: Record<string, unknown>;
  html: boolean;
}

/** The thread's answer: the page is written (with its HTML when asked), or why it is not. */
export interface PageAnswer {
  id: number;
  html?: string;
  error?: string;
  precept?: boolean;
}

/**
 * A thread that templates pages and writes them into a new site folder, so that a large build's
 * main thread (page data, bodies filled in for each page, the search index) is not also the one
 * running Handlebars and writing thousands of files while the cores have room. Pages are sent
 * with their data (a structured copy); the thread loads the same theme (site/ overrides, the
 * catalogue of the same locale, precept's compiled templates) and writes the same bytes. It is
 * started before the pages' data is made, so its own start overlaps that.
 */
export class PageThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (html: string | undefined) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(theme: ThemeSource) {
    const { script, options } = workerScript(import.meta.url, 'page-worker');
    // Templating makes many short-lived strings: a larger young generation (as the render workers have)
    // keeps V8 from copying the few that live again and again (its default is 16 MB per semi-space).
    this.worker = new Worker(script, { ...options, workerData: theme, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    this.worker.on('message', (m: PageAnswer) => {
      const task = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!task) return;
      if (m.error === undefined) task.resolve(m.html);
      else task.reject(m.precept ? new PreceptError(m.error) : new PreceptError(`writing a page failed: ${m.error}`));
    });
    this.worker.on('error', (e) => this.fail(new PreceptError(`the page thread failed: ${e.message}`, { cause: e })));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new PreceptError(`the page thread exited with code ${code}`));
    });
  }

  /** How many pages are sent and not yet written. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Templates and writes a page into `folder`; its HTML when `html` is asked for. */
  write(folder: string, path: string, template: string, data: Record<string, unknown>, html: boolean): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ id, folder, path, template, data, html } satisfies PageMessage);
      } catch (error) {
        this.pending.delete(id);
        reject(error as Error);
      }
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const task of this.pending.values()) task.reject(this.failure);
    this.pending.clear();
  }

  /** Stops the thread (after the pages it was sent, or at once when the build failed); it writes nothing after. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.fail(new PreceptError('page writing stopped'));
    await this.worker.terminate();
  }
}
