import { PDFContentStream, popGraphicsState, pushGraphicsState, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
import { messagesFor, type PolicyDocument } from '../pdf/policy-document.js';
import { ShippedTextWriter, type TextRun } from '../pdf/text-fonts.js';
import type { Theme } from '../theme/theme.js';

/** Points per millimetre. */
const MM = 72 / 25.4;
/** What the theme's header.hbs and footer.hbs draw: 7.5pt text in #4a5563, 18 mm in from each side, the banner bold in #b00020. */
const SIZE = 7.5;
const GREY = [0x4a / 255, 0x55 / 255, 0x63 / 255] as const;
const RED = [0xb0 / 255, 0, 0x20 / 255] as const;
const SIDE = 18 * MM;
/** Baselines, from the top and from the bottom of the page, where Chromium put the header's and footer's text. */
const HEADER_BASELINE = 45.75;
const FOOTER_BASELINE = 48.42;

/** Whether the theme's templates (running header and footer, or a page they are drawn for) are precept's own, not a repo's. */
export function shippedTemplates(theme: Theme, templates: readonly string[]): boolean {
  const shipped = theme.dirs[theme.dirs.length - 1]!;
  return templates.every((rel) => theme.resolve(rel).startsWith(shipped));
}

/**
 * The running header and footer of a policy version's pages, as the theme's `pdf/header.hbs` and
 * `pdf/footer.hbs` print them (organisation, title and version, the banner of anything not
 * approved; classification, version, "Page X of Y" counted within the version), drawn in the
 * shipped fonts onto pages printed without them. Many versions then print as one Chromium job:
 * Chromium's own header and footer are per job, and its page counter cannot restart per version.
 */
export class RunningText {
  private readonly writer: ShippedTextWriter;
  /** q and Q around each page's own content, shared by every page. */
  private readonly save: PDFRef;
  private readonly restore: PDFRef;

  constructor(private readonly doc: PDFDocument) {
    this.writer = new ShippedTextWriter(doc);
    const c = doc.context;
    this.save = c.register(PDFContentStream.of(c.obj({}), [pushGraphicsState()], false));
    this.restore = c.register(PDFContentStream.of(c.obj({}), [popGraphicsState()], false));
  }

  /** Draws the version's header and footer on each of its pages. */
  draw(version: PolicyDocument, pages: readonly PDFPage[]): void {
    const m = messagesFor(version.locale);
    const w = this.writer;
    const lang = version.lang;
    const org = w.layout([{ text: version.organization, color: GREY }], SIZE, lang);
    const titleRuns: TextRun[] = [{ text: m.t('pdf.running-title', { title: version.title, version: version.version }), color: GREY }];
    if (version.banner) titleRuns.push({ text: ' · ', color: GREY }, { text: version.banner, bold: true, color: RED });
    const title = w.layout(titleRuns, SIZE, lang);
    const classification = w.layout([{ text: version.classification, color: GREY }], SIZE, lang);
    const running = w.layout([{ text: m.t('pdf.running-version', { version: version.version }), color: GREY }], SIZE, lang);
    pages.forEach((page, i) => {
      const width = page.getWidth();
      const top = page.getHeight() - HEADER_BASELINE;
      const pageOf = w.layout([{ text: m.t('pdf.page-of', { page: String(i + 1), pages: String(pages.length) }), color: GREY }], SIZE, lang);
      // Three footer items spread as `justify-content: space-between` spreads them.
      const gap = (width - 2 * SIDE - classification.width - running.width - pageOf.width) / 2;
      this.add(page, [
        [SIDE, top, org],
        [width - SIDE - title.width, top, title],
        [SIDE, FOOTER_BASELINE, classification],
        [SIDE + classification.width + gap, FOOTER_BASELINE, running],
        [width - SIDE - pageOf.width, FOOTER_BASELINE, pageOf],
      ]);
    });
  }

  /**
   * Draws the pack's own header and footer (`pdf/pack/header.hbs`, `footer.hbs`: organisation and
   * "Auditor pack · <period>"; "Confidential: prepared for audit" and organisation) on pages of the
   * cover, contents and sections, printed without them (Chromium lays out a header and a footer
   * document for every page, about a fifth of what a page costs it).
   */
  drawPack(pages: readonly PDFPage[], text: { organization: string; header: string; footer: string }): void {
    const w = this.writer;
    const org = w.layout([{ text: text.organization, color: GREY }], SIZE, '');
    const header = w.layout([{ text: text.header, color: GREY }], SIZE, '');
    const footer = w.layout([{ text: text.footer, color: GREY }], SIZE, '');
    for (const page of pages) {
      const width = page.getWidth();
      const top = page.getHeight() - HEADER_BASELINE;
      this.add(page, [[SIDE, top, org], [width - SIDE - header.width, top, header], [SIDE, FOOTER_BASELINE, footer], [width - SIDE - org.width, FOOTER_BASELINE, org]]);
    }
  }

  /** Adds lines of text to a page, over its own content. */
  private add(page: PDFPage, lines: readonly (readonly [number, number, ReturnType<ShippedTextWriter['layout']>])[]): void {
    const ops = lines.map(([x, y, line]) => `BT 1 0 0 1 ${x.toFixed(3)} ${y.toFixed(3)} Tm ${line.draw(page)} ET`).join('\n');
    // Pagination artifacts, as Chromium marks its own header and footer; from a clean graphics state.
    const content = `q /Artifact <</Type /Pagination>> BDC\n${ops}\nEMC Q`;
    page.node.wrapContentStreams(this.save, this.restore);
    // Uncompressed, as the page stamps: deflating a small stream per page costs more than it saves.
    page.node.addContentStream(this.doc.context.register(this.doc.context.stream(content)));
  }

  /** Writes the fonts: after the last page is drawn. */
  finish(): void {
    this.writer.finish();
  }
}
