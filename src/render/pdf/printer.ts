import { toolKey } from '../../core/tool-key.js';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import os from 'node:os';
import type { Browser } from 'puppeteer-core';
import { findBrowser, type FoundBrowser } from '../browser/find-browser.js';
import { writeRestrictedFontconfig } from '../browser/fontconfig.js';
import { launchBrowser } from '../browser/launch.js';
import { PdfCache } from './cache.js';
import type { DocumentInfo, NormalizedPdf } from './normalize.js';
import { PagePool } from './page-pool.js';
import { printOnPage, type PrintJob } from './print-job.js';

/** How a printer finds and drives its browser. */
export interface PrinterOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** `browser.executable` from the config. */
  configuredBrowser?: string | undefined;
  /** Chromium cannot use its sandbox as root. */
  runningAsRoot?: boolean;
  /** Folder of the content-hash cache (`pdf/` of the cache folder, outside the checkout); none when undefined. */
  cacheDir?: string | undefined;
  /** Pages printing in parallel (default: one per core). */
  concurrency?: number;
}

/** What came back from printing one job. */
export interface PrintedPdf extends NormalizedPdf {
  /** Whether the bytes came from the cache (no browser involved). */
  cached: boolean;
}

/**
 * The PDF normalizer (pdf-lib), loaded when first needed: a command that starts the browser
 * early (`precept pack`, see open-printer.ts) gets it booting before pdf-lib has been compiled.
 */
const loadNormalize = () => import('./normalize.js');

/**
 * Prints jobs to PDF with one Chromium and a pool of locked-down pages, through a content-hash
 * cache. The browser starts on the first cache miss (a build whose PDFs are all cached never
 * starts it) and is owned here: callers `close()` the printer in a `finally`.
 */
export class PdfPrinter {
  /** The browser and its pages: starting (a promise) or started. */
  private browser: Promise<{ browser: Browser; pool: PagePool }> | undefined;
  private started: { browser: Browser; pool: PagePool } | undefined;
  private readonly cache: PdfCache;
  private readonly browserId: string;
  /** Jobs printed by Chromium and jobs served from the cache. */
  readonly stats = { printed: 0, cached: 0 };
  private readonly pending = new Map<string, Promise<{ raw: Uint8Array; cached: boolean; key: string }>>();

  private constructor(private readonly found: FoundBrowser, private readonly options: PrinterOptions) {
    this.cache = new PdfCache(options.cacheDir);
    const info = statSync(found.executable, { throwIfNoEntry: false });
    this.browserId = `${found.executable}:${info?.size ?? 0}:${info?.mtimeMs ?? 0}`;
  }

  /** Pages printing at once (the browser's page pool). */
  get parallelism(): number {
    return Math.max(1, this.options.concurrency ?? os.availableParallelism());
  }

  /** A printer for the browser the environment and config point at (fails if there is none). */
  static create(options: PrinterOptions): PdfPrinter {
    return new PdfPrinter(findBrowser(options.env, options.configuredBrowser), options);
  }

  /** Requests documents tried to make and were refused. */
  get blockedRequests(): number {
    return this.started?.pool.blocked ?? 0;
  }

  private async ensureBrowser(): Promise<PagePool> {
    this.browser ??= (async () => {
      // The browser sees no font of the machine: documents embed precept's (see restrictedFontconfig).
      const env = { ...this.options.env, FONTCONFIG_FILE: writeRestrictedFontconfig() };
      const browser = await launchBrowser(this.found, { runningAsRoot: this.options.runningAsRoot ?? false, env });
      try {
        const pool = await PagePool.open(browser, this.parallelism);
        this.started = { browser, pool };
        return this.started;
      } catch (error) {
        await browser.close();
        throw error;
      }
    })();
    return (await this.browser).pool;
  }

  /**
   * Starts the browser now, in the background, when the caller knows it will print (Chromium
   * takes about half a second to start: overlap it with loading and checking the repo).
   */
  warmUp(): void {
    this.ensureBrowser().catch(() => undefined);
  }

  /** The cache key of a job: what is printed, how, and by which browser build. */
  keyOf(job: PrintJob): string {
    return createHash('sha256').update(JSON.stringify(['pdf', toolKey(), this.browserId, job])).digest('hex');
  }

  /**
   * Chromium's raw PDF for a job, from the cache when it has been printed before. The same job
   * asked for twice at once (the PDF stage and the pack) is printed once.
   */
  printRaw(job: PrintJob): Promise<{ raw: Uint8Array; cached: boolean; key: string }> {
    const key = this.keyOf(job);
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.printRawOnce(job, key);
      this.pending.set(key, pending);
      void pending.catch(() => undefined).then(() => this.pending.delete(key));
    }
    return pending;
  }

  private async printRawOnce(job: PrintJob, key: string): Promise<{ raw: Uint8Array; cached: boolean; key: string }> {
    const hit = await this.cache.get(key);
    if (hit) {
      this.stats.cached++;
      return { raw: hit, cached: true, key };
    }
    const pool = await this.ensureBrowser();
    const raw = await pool.use((page) => printOnPage(page, job));
    this.stats.printed++;
    await this.cache.put(key, raw);
    return { raw, cached: false, key };
  }

  /** Chromium's raw PDF for a job when the cache has it (counted as cached); undefined, and nothing printed, when not. */
  async cachedRaw(job: PrintJob): Promise<Uint8Array | undefined> {
    const hit = await this.cache.get(this.keyOf(job));
    if (hit) this.stats.cached++;
    return hit;
  }

  /** Prints a job and normalizes it: fixed dates (`time`), metadata and an /ID from the job's hash. */
  async print(job: PrintJob, info: DocumentInfo, time: Date): Promise<PrintedPdf & { key: string }> {
    const { raw, cached, key } = await this.printRaw(job);
    const { normalizePdf } = await loadNormalize();
    const normalized = await normalizePdf(raw, info, time, `${key}:${time.toISOString()}`);
    return { ...normalized, cached, key };
  }

  /** The cache folder (undefined when caching is off). */
  get cacheDir(): string | undefined {
    return this.cache.dir;
  }

  /**
   * A job printed before, by its cache key, normalized; undefined when the cache does not have it
   * (then the caller prints the job itself).
   */
  async printCached(key: string, info: DocumentInfo, time: Date): Promise<PrintedPdf | undefined> {
    const raw = await this.cache.get(key);
    if (!raw) return undefined;
    this.stats.cached++;
    const { normalizePdf } = await loadNormalize();
    return { ...(await normalizePdf(raw, info, time, `${key}:${time.toISOString()}`)), cached: true };
  }

  /** Housekeeping: drops cache entries unused for a month. */
  pruneCache(now: Date): Promise<number> {
    return this.cache.prune(now);
  }

  /** Closes the browser if it was started. */
  async close(): Promise<void> {
    const started = this.browser;
    this.browser = undefined;
    if (!started) return;
    this.started = undefined;
    const { browser } = await started.catch(() => ({ browser: undefined }));
    await browser?.close();
  }
}
