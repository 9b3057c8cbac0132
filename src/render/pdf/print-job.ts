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
  /**
   * Whether Chromium tags the PDF (default yes). The parts of the auditor pack, which copies only
   * their pages (loadForCopy never reads the structure tree), print untagged: the tags (made from
   * an accessibility tree of the whole document) cost Chromium about a quarter of the printing.
   */
  tagged?: boolean;
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

/** A page's own DevTools session for printing, and its main frame. */
interface PrintSession {
  session: CDPSession;
  frameId: string;
}

/** One session per page (created on first use), with the page's lifecycle events on. */
const sessions = new WeakMap<Page, Promise<PrintSession>>();

function sessionOf(page: Page): Promise<PrintSession> {
  let found = sessions.get(page);
  if (!found) {
    found = (async () => {
      const session = await page.createCDPSession();
      await session.send('Page.enable');
      await session.send('Page.setLifecycleEventsEnabled', { enabled: true });
      const { frameTree } = await session.send('Page.getFrameTree');
      return { session, frameId: frameTree.frame.id };
    })();
    sessions.set(page, found);
    // A session that failed to start is not kept: the next job asks again.
    found.catch(() => sessions.delete(page));
  }
  return found;
}

/** Resolves when the frame's document has loaded (its stylesheets too), rejects after `ms`. */
function loaded({ session, frameId }: PrintSession, ms: number): { promise: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    const onEvent = (event: { frameId: string; name: string }) => {
      if (event.frameId !== frameId || event.name !== 'load') return;
      cancel();
      resolve();
    };
    const timer = setTimeout(() => {
      cancel();
      reject(new Error(`the document did not load in ${ms / 1000} s`));
    }, ms);
    cancel = () => {
      clearTimeout(timer);
      session.off('Page.lifecycleEvent', onEvent);
    };
    session.on('Page.lifecycleEvent', onEvent);
  });
  return { promise, cancel };
}

/**
 * Prints a job on a (locked-down) page and returns Chromium's PDF: the document is set with
 * Page.setDocumentContent (the browser writes it into the page, no script involved), printed
 * with Page.printToPDF once it has loaded, tagged, the bytes in the reply (a stream, as
 * puppeteer's page.pdf() asks for, costs the browser a temporary file and two more round trips).
 */
export async function printOnPage(page: Page, job: PrintJob): Promise<Uint8Array> {
  const target = await sessionOf(page);
  const load = loaded(target, 60_000);
  try {
    await target.session.send('Page.setDocumentContent', { frameId: target.frameId, html: job.html });
    await load.promise;
  } finally {
    load.cancel();
  }
  const paper = PAPER[job.paper];
  const { data } = await target.session.send('Page.printToPDF', {
    transferMode: 'ReturnAsBase64',
    landscape: false,
    // No header or footer at all (not even empty ones): the pack draws them itself on jobs of many versions.
    displayHeaderFooter: job.header !== '' || job.footer !== '',
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
    generateTaggedPDF: job.tagged ?? true,
  });
  return Buffer.from(data, 'base64');
}
