import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { codePointName, facesFor, missingGlyphs } from '../../core/fonts/coverage.js';
import { cssFontFamily, FONT_STACKS, type FontFace } from '../../core/fonts/families.js';
import { fontDataUrl, fontFaceCss, htmlText } from '../../core/fonts/font-face-css.js';
import { PreceptError } from '../../core/errors.js';

/**
 * Characters Chromium may draw that are not in the text itself: page numbers and list markers
 * (digits, the period), quotation marks the `q` element adds, and the space that sets a font's
 * line height.
 */
const ALWAYS = ' 0123456789.,:;-–—()“”‘’';

/** The running header and footer's fonts (they have no stylesheet of their own): Japanese text in the Japanese font first. */
export const RUNNING_CSS = `body{font-family:${cssFontFamily(FONT_STACKS.sans)}}[lang|="ja"]{font-family:${cssFontFamily(FONT_STACKS.ja)}}`;

/** Text that no shipped font can show: refused instead of printed as empty boxes. */
export class MissingGlyphsError extends PreceptError {
  override readonly name: string = 'MissingGlyphsError';
  constructor(readonly document: string, readonly chars: string[]) {
    super(`cannot print ${document}: the fonts precept embeds have no glyph for ${chars.map((c) => `"${c}" (${codePointName(c.codePointAt(0)!)})`).join(', ')}`, { exitCode: 1 });
  }
}

/** Quotation marks a `q` element adds in Japanese text. */
const JAPANESE_QUOTES = '「」『』';

/** What the fonts of a document are chosen for. */
interface FontOptions {
  /** The running header and footer: drawn on every page, so only the faces they use. */
  running?: boolean;
  /**
   * Text no shipped font can show is left to the reader's fonts instead of refused: for pages a
   * person opens in a browser (the review's redline pages), where refusing would hide the review.
   */
  allowMissing?: boolean;
}

/**
 * The shipped faces the HTML's text needs (`text-transform` may change letter case, so both cases
 * count). The Japanese stack is considered only where there is Japanese text (`lang="ja"`).
 * Throws MissingGlyphsError for text no font can show, unless options.allowMissing.
 */
function facesForHtml(html: string, document: string, options: FontOptions = {}): FontFace[] {
  const text = htmlText(html);
  if (!options.allowMissing) {
    const missing = missingGlyphs(text);
    if (missing.length) throw new MissingGlyphsError(document, [...new Set(missing.map((m) => m.char))]);
  }
  const japanese = /\blang="?ja\b/.test(html);
  // Each distinct character once: a long table repeats the same few dozen thousands of times.
  const chars = new Set(`${ALWAYS}${japanese ? JAPANESE_QUOTES : ''}${text}`);
  const codePoints = new Set<number>();
  for (const ch of chars) {
    codePoints.add(ch.codePointAt(0)!);
    for (const variant of [ch.toUpperCase(), ch.toLowerCase()]) for (const c of variant) codePoints.add(c.codePointAt(0)!);
  }
  const stacks = options.running ? ['sans', 'ja'] as const : ['sans', 'ja', 'mono'] as const;
  const faces = facesFor(codePoints, stacks.filter((s) => japanese || s !== 'ja'));
  // The running header and footer are drawn again on every page: embed only the faces they use
  // (upright, and bold only when they have bold text), which is most of the cost of printing them.
  return options.running ? faces.filter((f) => f.style === 'normal' && (f.weight === 400 || /<(b|strong)\b/i.test(html))) : faces;
}

/**
 * `@font-face` rules, with data: URLs, for every shipped face the HTML's text needs (see
 * facesForHtml). Throws MissingGlyphsError for text no font can show, unless options.allowMissing.
 */
export function embeddedFonts(html: string, document: string, options: FontOptions = {}): string {
  return fontFaceCss(facesForHtml(html, document, options), fontDataUrl);
}

/**
 * Where the printing browser asks for a face's stylesheet: a name under a host that cannot
 * resolve (`.invalid`), never fetched from anywhere: the page pool answers it from memory
 * (fontSheet) and refuses every other URL but data:. The name holds a hash of the font file, so
 * a print job (and the print cache's key, a hash of the job) changes when the font does.
 */
const SHEET_BASE = 'https://fonts.precept.invalid/';
const sheetUrls = new Map<FontFace, string>();
const sheetFaces = new Map<string, FontFace>();

function sheetUrl(face: FontFace): string {
  let url = sheetUrls.get(face);
  if (!url) {
    const hash = createHash('sha256').update(readFileSync(face.woff2)).digest('hex').slice(0, 16);
    url = `${SHEET_BASE}${hash}/${face.woff2.slice(face.woff2.lastIndexOf('/') + 1).replace(/\.woff2$/, '')}.css`;
    sheetUrls.set(face, url);
    sheetFaces.set(url, face);
  }
  return url;
}

/**
 * The stylesheet the printing browser may load at `url`: the one `@font-face` rule of a shipped
 * face, its font inline as a data: URL (the same rule embeddedFonts writes, so the same font the
 * running header and footer embed). Undefined for any other URL. The browser keeps a sheet it has
 * loaded in its memory cache, so each renderer parses a font's megabytes of base64 once, not once
 * per document.
 */
export function fontSheet(url: string): string | undefined {
  const face = sheetFaces.get(url);
  return face ? fontFaceCss([face], fontDataUrl) : undefined;
}

/**
 * The fonts a page's text needs (see facesForHtml) as `@import` rules of their stylesheets
 * (fontSheet), in the order embeddedFonts writes the rules: the same fonts, without carrying
 * them in every print job. Only for the start of a style element (`@import` must come first).
 */
export function importedFonts(html: string, document: string): string {
  return facesForHtml(html, document).map((f) => `@import url("${sheetUrl(f)}");`).join('\n');
}
