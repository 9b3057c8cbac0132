import {
  beginText, drawObject, endText, moveText, PDFContentStream, PDFDocument, popGraphicsState, pushGraphicsState, setFillingRgbColor,
  setFontAndSize, showText, StandardFonts,
} from 'pdf-lib';
import { embeddedFonts } from '../pdf/fonts.js';
import { LOAD } from '../pdf/pdf-options.js';
import type { PrintJob } from '../pdf/print-job.js';
import type { PackContext } from './sections.js';
import { failure } from '../../core/i18n/failure.js';

/** What goes on top of every page of the merged pack. */
export interface OverlayText {
  /** The label at the foot of every page ("<org> auditor pack <from> to <to>"). */
  label: string;
  /**
   * For a copy made for a recipient: the line at the head of every page. (A mark across the page
   * was tried: text extraction then interleaves it with the page's own lines, so a reader's copy
   * and paste and an auditor's text search break.)
   */
  watermark?: string | undefined;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One transparent page with the label and the recipient line, printed by Chromium so any script
 * prints (a recipient's name in Japanese as well as in English) with the same embedded fonts as
 * the rest, as real text a reader can search and copy. A name no shipped font can show is refused
 * (MissingGlyphsError) before anything is written.
 */
export async function overlayJob(ctx: PackContext, text: OverlayText): Promise<PrintJob> {
  const height = ctx.paper === 'A4' ? '297mm' : '11in';
  const width = ctx.paper === 'A4' ? '210mm' : '8.5in';
  const css = await ctx.theme.read('pdf/pack/overlay.css');
  const mark = text.watermark ? `<p class="copy-line">${escape(text.watermark)}</p>` : '';
  const lang = escape(ctx.messages.locale);
  const body = `<body><section class="overlay-page" lang="${lang}">${mark}<p class="stamp">${escape(text.label)}</p></section></body>`;
  const fonts = embeddedFonts(`<html lang="${lang}">${body}</html>`, 'the page overlay');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><style>@page{size:${width} ${height};margin:0}` +
    `.overlay-page{width:${width};height:${height}}${fonts}\n${css}</style></head>${body}</html>`;
  return { html, header: '<span></span>', footer: '<span></span>', paper: ctx.paper, margin: { top: '0', right: '0', bottom: '0', left: '0' } };
}

/** Points per millimetre. */
const MM = 72 / 25.4;

/**
 * Draws the overlay over every page, and the pack's page number ("12 / 340") at the right of
 * the label. The overlay is one page printed once (overlayJob; the pack prints it while it
 * prints its parts) and drawn on every page as a form XObject; the numbers are digits in the
 * standard Helvetica, which every language writes the same way. (An overlay page per pack page
 * was measured: Chromium took about 25 ms a page, minutes for a large pack.) The streams are
 * written uncompressed and the q/Q wrappers shared: a new deflated stream per page would cost
 * more than everything else in the merge.
 */
export async function stampPages(doc: PDFDocument, printed: Uint8Array | PDFDocument): Promise<void> {
  const overlay = printed instanceof PDFDocument ? printed : await PDFDocument.load(printed, LOAD);
  if (overlay.getPageCount() !== 1) throw failure('pack.overlay-pages', { pages: overlay.getPageCount() });
  const [form] = await doc.embedPages(overlay.getPages());
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const c = doc.context;
  const raw = (ops: Parameters<PDFDocument['context']['contentStream']>[0]) => c.register(PDFContentStream.of(c.obj({}), ops, false));
  const save = raw([pushGraphicsState()]);
  const restore = raw([popGraphicsState()]);
  const pages = doc.getPages();
  const size = 7;
  pages.forEach((page, i) => {
    const name = page.node.newXObject('PreceptOverlay', form!.ref);
    const fontKey = page.node.newFontDictionary('PreceptNumber', font.ref);
    const number = `${i + 1} / ${pages.length}`;
    const x = page.getWidth() - 18 * MM - font.widthOfTextAtSize(number, size);
    // Whatever state the page's own content leaves, the overlay starts from a clean one.
    page.node.wrapContentStreams(save, restore);
    page.node.addContentStream(raw([
      pushGraphicsState(), drawObject(name), popGraphicsState(),
      pushGraphicsState(), setFillingRgbColor(0.33, 0.36, 0.4), beginText(), setFontAndSize(fontKey, size), moveText(x, 4.2 * MM + 2),
      showText(font.encodeText(number)), endText(), popGraphicsState(),
    ]));
  });
}

/**
 * Does, while Chromium prints, what stampPages would do first with the pack finished: pdf-lib
 * decompresses Helvetica's metrics on first use (some 50 ms, then kept), and the printed overlay
 * is parsed. Neither touches the pack, so its bytes are the same either way.
 */
export async function prepareStamp(printed: Uint8Array): Promise<PDFDocument> {
  // (A throwaway document: pdf-lib keeps the metrics for every document.)
  await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
  return PDFDocument.load(printed, LOAD);
}
