import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { fontSheet } from './fonts.js';

/**
 * Requests a print page may make: the document itself (about:blank, set with setContent) and
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
 * A fixed set of locked-down pages in one browser, handed out one job at a time: as many jobs
 * print in parallel as there are pages.
 */
export class PagePool {
  private readonly idle: Page[] = [];
  private readonly waiting: ((page: Page) => void)[] = [];
  /** Requests refused so far (every one a request a document tried to make). */
  blocked = 0;

  private constructor(private readonly pages: Page[]) {
    this.idle.push(...pages);
  }

  /** Opens `size` locked-down pages in the browser. */
  static async open(browser: Browser, size: number): Promise<PagePool> {
    const pages: Page[] = [];
    // The tab Chromium starts with has a renderer process of its own: reuse it rather than keep it idle.
    const initial = (await browser.pages()).filter((p) => p.url() === 'about:blank');
    let pool: PagePool | undefined;
    for (let i = 0; i < Math.max(1, size); i++) {
      const page = initial.shift() ?? (await browser.newPage());
      await lockDownPage(page, () => {
        if (pool) pool.blocked++;
      });
      pages.push(page);
    }
    pool = new PagePool(pages);
    return pool;
  }

  /** Runs `fn` with a page of its own, waiting for one to be free. */
  async use<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const page = this.idle.pop() ?? (await new Promise<Page>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(page);
    } finally {
      const next = this.waiting.shift();
      if (next) next(page);
      else this.idle.push(page);
    }
  }

  /** Number of pages (parallel jobs). */
  get size(): number {
    return this.pages.length;
  }
}
