import type { Browser, HTTPRequest, Page } from 'puppeteer-core';

/**
 * Requests a print page may make: the document itself (about:blank, set with setContent) and
 * inline `data:` resources. Everything else (http, https, file, ws, blob) is refused, so a policy
 * body cannot make Chromium fetch anything, not even from 127.0.0.1 or 169.254.169.254.
 */
export function allowedRequest(url: string): boolean {
  return url.startsWith('data:') || url === 'about:blank';
}

/** Turns a page into a print-only sandbox: no JavaScript, no requests but inline data. */
export async function lockDownPage(page: Page, onBlocked: (url: string) => void): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (allowedRequest(url)) {
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
