import type { Page } from 'puppeteer-core';

/** Paper sizes precept prints on. */
export type Paper = 'A4' | 'Letter';

/** Page margins, CSS lengths. */
export interface Margins {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

/**
 * Everything Chromium needs to print one document: self-contained HTML (CSS inlined, images as
 * data: URLs) and the running header and footer (Chromium fills `pageNumber` and `totalPages`).
 * The same job always prints the same bytes, which is what the cache keys on.
 */
export interface PrintJob {
  html: string;
  header: string;
  footer: string;
  paper: Paper;
  margin: Margins;
}

/** The margins every precept document uses: room for the running header and footer, and for the pack's page stamp below the footer. */
export const DEFAULT_MARGINS: Margins = { top: '22mm', right: '18mm', bottom: '24mm', left: '18mm' };

/** Prints a job on a (locked-down) page and returns Chromium's PDF. */
export async function printOnPage(page: Page, job: PrintJob): Promise<Uint8Array> {
  await page.setContent(job.html, { waitUntil: 'load', timeout: 60_000 });
  return page.pdf({
    format: job.paper,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: job.header,
    footerTemplate: job.footer,
    margin: job.margin,
    preferCSSPageSize: false,
    timeout: 120_000,
  });
}
