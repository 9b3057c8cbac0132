import {
  drawObject, PDFContentStream, PDFDocument, popGraphicsState, pushGraphicsState,
} from 'pdf-lib';
import { PreceptError } from '../../core/errors.js';
import { LOAD } from '../pdf/pdf-options.js';
import type { PrintJob } from '../pdf/print-job.js';
import type { PackContext } from './sections.js';

/** What goes on top of every page of the merged pack. */
export interface OverlayText {
  /** The stamp at the foot of page i (0-based): "<org> auditor pack ... - page X of N". */
  stamp: (index: number, pages: number) => string;
  /**
   * For a copy made for a recipient: the line at the head of every page. (A mark across the page
   * was tried: text extraction then interleaves it with the page's own lines, so a reader's copy
   * and paste and an auditor's text search break.)
   */
  watermark?: string | undefined;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One page of overlay per page of the pack, printed by Chromium so any script prints (a
 * recipient's name in Japanese as well as in English) with the same fonts as the rest, and its
 * text is real text a reader can search and copy. Transparent: only the text is drawn.
 */
async function overlayJob(ctx: PackContext, pages: number, text: OverlayText): Promise<PrintJob> {
  const height = ctx.paper === 'A4' ? '297mm' : '11in';
  const width = ctx.paper === 'A4' ? '210mm' : '8.5in';
  const css = await ctx.theme.read('pdf/pack/overlay.css');
  const body: string[] = [];
  for (let i = 0; i < pages; i++) {
    const mark = text.watermark ? `<p class="copy-line">${escape(text.watermark)}</p>` : '';
    body.push(`<section class="overlay-page">${mark}<p class="stamp">${escape(text.stamp(i, pages))}</p></section>`);
  }
  const html = `<!doctype html><html lang="${escape(ctx.messages.locale)}"><head><meta charset="utf-8"><style>@page{size:${width} ${height};margin:0}` +
    `.overlay-page{width:${width};height:${height}}${css}</style></head><body>${body.join('')}</body></html>`;
  return { html, header: '<span></span>', footer: '<span></span>', paper: ctx.paper, margin: { top: '0', right: '0', bottom: '0', left: '0' } };
}

/**
 * Draws the overlay over every page: each overlay page becomes a form XObject drawn after the
 * page's own content, in a clean graphics state. The streams that draw them are written
 * uncompressed and the q/Q wrappers shared: a new deflated stream per page would cost more
 * than everything else in the merge.
 */
export async function stampPages(doc: PDFDocument, ctx: PackContext, text: OverlayText, print: (job: PrintJob) => Promise<Uint8Array>): Promise<void> {
  const pages = doc.getPages();
  const overlay = await PDFDocument.load(await print(await overlayJob(ctx, pages.length, text)), LOAD);
  if (overlay.getPageCount() !== pages.length) {
    throw new PreceptError(`the page stamps printed on ${overlay.getPageCount()} pages for a ${pages.length}-page pack; please report this as a bug`);
  }
  const embedded = await doc.embedPages(overlay.getPages());
  const c = doc.context;
  const raw = (ops: Parameters<PDFDocument['context']['contentStream']>[0]) => c.register(PDFContentStream.of(c.obj({}), ops, false));
  const save = raw([pushGraphicsState()]);
  const restore = raw([popGraphicsState()]);
  pages.forEach((page, i) => {
    const form = embedded[i]!;
    const name = page.node.newXObject('PreceptOverlay', form.ref);
    // Whatever state the page's own content leaves, the overlay starts from a clean one.
    page.node.wrapContentStreams(save, restore);
    page.node.addContentStream(raw([pushGraphicsState(), drawObject(name), popGraphicsState()]));
  });
}
