import { codePointName, facesFor, missingGlyphs } from '../../core/fonts/coverage.js';
import { cssFontFamily, FONT_STACKS } from '../../core/fonts/families.js';
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

/**
 * `@font-face` rules, with data: URLs, for every shipped face the HTML's text needs (`text-transform`
 * may change letter case, so both cases count). The Japanese stack is considered only where there
 * is Japanese text (`lang="ja"`). Throws MissingGlyphsError for text no font can show.
 */
export function embeddedFonts(html: string, document: string, options: { running?: boolean } = {}): string {
  const text = htmlText(html);
  const missing = missingGlyphs(text);
  if (missing.length) throw new MissingGlyphsError(document, [...new Set(missing.map((m) => m.char))]);
  const japanese = /\blang="?ja\b/.test(html);
  const codePoints = new Set<number>();
  for (const ch of `${ALWAYS}${japanese ? JAPANESE_QUOTES : ''}${text}`) {
    codePoints.add(ch.codePointAt(0)!);
    for (const variant of [ch.toUpperCase(), ch.toLowerCase()]) for (const c of variant) codePoints.add(c.codePointAt(0)!);
  }
  const stacks = options.running ? ['sans', 'ja'] as const : ['sans', 'ja', 'mono'] as const;
  let faces = facesFor(codePoints, stacks.filter((s) => japanese || s !== 'ja'));
  // The running header and footer are drawn again on every page: embed only the faces they use
  // (upright, and bold only when they have bold text), which is most of the cost of printing them.
  if (options.running) faces = faces.filter((f) => f.style === 'normal' && (f.weight === 400 || /<(b|strong)\b/i.test(html)));
  return fontFaceCss(faces, fontDataUrl);
}
