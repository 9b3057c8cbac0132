import type { Browser, CDPSession, HTTPRequest, Page } from 'puppeteer-core';
import { fontSheet } from './fonts.js';

/**
 * Requests a print page may make: the document itself (about:blank, its content set by printOnPage) and
 * inline `data:` resources. Everything else (http, https, file, ws, blob) is refused, so a policy
 * body cannot make Chromium fetch anything, not even from 127.0.0.1 or 169.254.169.254. (The
 * stylesheets of precept's own fonts are answered from memory, see fontSheet: they never reach
 * the network either.)
 */
export function allowedRequest(url: string): boolean {
  return url.startsWith('data:') || url === 'about:blank';
}

/**
 * Turns a page into a print-only sandbox: no JavaScript, no requests but inline data and
 * precept's font stylesheets, which are answered here from memory (fontSheet) and kept in the
 * browser's memory cache: they are immutable, named by the hash of their font.
 */
export async function lockDownPage(page: Page, onBlocked: (url: string) => void): Promise<void> {
  await page.setJavaScriptEnabled(false);
  // Interception leaves the browser's memory cache on: a font stylesheet is asked for once.
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    const sheet = url.startsWith('https://') ? fontSheet(url) : undefined;
    if (sheet !== undefined) {
      void request.respond({ status: 200, contentType: 'text/css; charset=utf-8', headers: { 'Cache-Control': 'public, max-age=31536000, immutable' }, body: sheet });
    } else if (allowedRequest(url)) {
      void request.continue();
    } else {
      onBlocked(url);
      void request.abort('blockedbyclient');
    }
  });
}

/**
 * Bytes of PDF a page prints between two garbage collections of its renderer. A document that
 * was printed leaves its DOM, layout and print data behind as garbage, and with no script
 * running the renderer's garbage collector hardly ever runs by itself: over a large pack a
 * renderer grew to hundreds of MB of it (each 400-row evidence table tens of MB). 2 MB is a
 * long table piece or two, or some twenty policies; a collection costs a few milliseconds.
 */
export const GC_AFTER_BYTES = 2 * 1024 * 1024;

/** One page of the pool, and how much it printed since its renderer last collected garbage. */
interface PoolPage {
  page: Page;
  session: CDPSession | undefined;
  sinceGc: number;
}

/**
 * A fixed number of locked-down pages in one browser, handed out one job at a time: as many jobs
 * print in parallel as there are pages. The pages are background tabs: a hidden page lays out
 * and paints only for printing, where the visible tab would also render every document to its
 * screen (about a fifth of the renderer's work). The browser's own first tab stays the visible
 * one, on about:blank. Each page's renderer collects its garbage every GC_AFTER_BYTES of PDF.
 */
export class PagePool {
  private readonly idle: PoolPage[] = [];
  private readonly waiting: ((page: PoolPage) => void)[] = [];
  /** Requests refused so far (every one a request a document tried to make). */
  blocked = 0;
  /** Garbage collections asked of the pages' renderers so far. */
  collections = 0;

  private constructor(readonly size: number, private readonly gcAfterBytes: number) {}

  /** Opens `size` locked-down pages in the browser. */
  static async open(browser: Browser, size: number, gcAfterBytes: number = GC_AFTER_BYTES): Promise<PagePool> {
    const pool = new PagePool(Math.max(1, size), gcAfterBytes);
    const pages = await Promise.all(Array.from({ length: pool.size }, async (): Promise<PoolPage> => {
      const page = await browser.newPage({ background: true });
      await lockDownPage(page, () => {
        pool.blocked++;
      });
      return { page, session: undefined, sinceGc: 0 };
    }));
    pool.idle.push(...pages);
    return pool;
  }

  /** Runs `fn` with a page of its own, waiting for one to be free; `fn` returns the PDF it printed. */
  async use(fn: (page: Page) => Promise<Uint8Array>): Promise<Uint8Array> {
    const entry = this.idle.pop() ?? (await new Promise<PoolPage>((resolve) => this.waiting.push(resolve)));
    try {
      const pdf = await fn(entry.page);
      entry.sinceGc += pdf.length;
      if (entry.sinceGc >= this.gcAfterBytes) {
        entry.sinceGc = 0;
        // Only memory depends on it: a collection that fails leaves the PDF as it is.
        try {
          entry.session ??= await entry.page.createCDPSession();
          await entry.session.send('HeapProfiler.collectGarbage');
          this.collections++;
        } catch {
          entry.session = undefined;
        }
      }
      return pdf;
    } finally {
      const next = this.waiting.shift();
      if (next) next(entry);
      else this.idle.push(entry);
    }
  }
}
