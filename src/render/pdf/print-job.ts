import type { CDPSession, Page } from 'puppeteer-core';

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

/** Paper sizes in inches, as Chromium takes them. */
const PAPER: Record<Paper, { width: number; height: number }> = {
  A4: { width: 8.2677, height: 11.6929 },
  Letter: { width: 8.5, height: 11 },
};

/** CSS pixels per unit: the conversions puppeteer's page.pdf() made when precept printed through it, so the pages come out the same. */
const PIXELS: Record<string, number> = { px: 1, in: 96, cm: 37.8, mm: 3.78 };

/** A CSS length (`22mm`, `0`) in inches. */
export function inches(length: string): number {
  const unit = length.slice(-2).toLowerCase();
  const known = unit in PIXELS;
  const value = Number(known ? length.slice(0, -2) : length);
  if (Number.isNaN(value)) throw new Error(`not a length: ${length}`);
  return (value * PIXELS[known ? unit : 'px']!) / PIXELS['in']!;
}

/** One DevTools session per page, for printing (created on first use). */
const sessions = new WeakMap<Page, Promise<CDPSession>>();

function sessionOf(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.createCDPSession();
    sessions.set(page, session);
  }
  return session;
}

/**
 * Prints a job on a (locked-down) page and returns Chromium's PDF: the document is set, then
 * printed with Page.printToPDF, tagged, its bytes in the reply (a stream, as puppeteer's
 * page.pdf() asks for, costs the browser a temporary file and two more round trips a job).
 */
export async function printOnPage(page: Page, job: PrintJob): Promise<Uint8Array> {
  const session = sessionOf(page);
  await page.setContent(job.html, { waitUntil: 'load', timeout: 60_000 });
  const paper = PAPER[job.paper];
  const { data } = await (await session).send('Page.printToPDF', {
    transferMode: 'ReturnAsBase64',
    landscape: false,
    displayHeaderFooter: true,
    headerTemplate: job.header,
    footerTemplate: job.footer,
    printBackground: true,
    scale: 1,
    paperWidth: paper.width,
    paperHeight: paper.height,
    marginTop: inches(job.margin.top),
    marginBottom: inches(job.margin.bottom),
    marginLeft: inches(job.margin.left),
    marginRight: inches(job.margin.right),
    pageRanges: '',
    preferCSSPageSize: false,
    generateTaggedPDF: true,
    generateDocumentOutline: false,
  });
  return Buffer.from(data, 'base64');
}
