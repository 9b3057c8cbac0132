import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { PDFContext, PDFString, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
import { familyHas } from '../../core/fonts/coverage.js';
import { Memo } from '../../core/memo.js';
import { FONT_STACKS, inRanges, shippedFaces, type FontFace } from '../../core/fonts/families.js';
import { woffToSfnt } from '../../core/fonts/woff.js';
import { failure } from '../../core/i18n/failure.js';

/** A run of text in one style: what a line of running text is made of. */
export interface TextRun {
  text: string;
  bold?: boolean;
  /** Fill colour, 0-1 RGB. */
  color: readonly [number, number, number];
}

/** One face's glyphs as drawn: its font object in the document and the glyphs used so far. */
interface EmbeddedFace {
  face: FontFace;
  font: fontkit.Font;
  ref: PDFRef;
  /** The face's file as TrueType (what is embedded). */
  sfnt: Buffer;
  /** Glyph id -> advance width (font units) and the text it stands for (for ToUnicode). */
  glyphs: Map<number, { width: number; text: string }>;
}

/** A shipped face's file as TrueType and parsed: read once per process (the file is precept's own, never a repo's). */
const faceFiles = new Memo<FontFace, { sfnt: Buffer; font: fontkit.Font }>({ entries: 32 });
const faceFile = (face: FontFace) => faceFiles.get(face, () => {
  const sfnt = woffToSfnt(readFileSync(face.woff));
  return { sfnt, font: fontkit.create(sfnt) };
});

/** The face's file deflated as it is embedded (pdf-lib's own deflate, so the bytes are what flateStream wrote). */
const deflatedFaces = new Memo<FontFace, Uint8Array>({ entries: 32 });
const deflatedFace = (face: FontFace) => deflatedFaces.get(face, () => PDFContext.create().flateStream(faceFile(face).sfnt).getContents());

/** The face that draws a code point in a stack and weight. */
function shippedFaceFor(cp: number, stack: readonly string[], weight: number): FontFace | undefined {
  const family = stack.find((f) => familyHas(f, cp));
  return family === undefined
    ? undefined
    : shippedFaces().find((f) => f.family === family && f.weight === weight && f.style === 'normal' && inRanges(f.ranges, cp));
}

/**
 * Reads and deflates, ahead of need, the faces that would draw these runs: a pack does it while
 * Chromium prints, so the work (and the first, slow, runs of the deflate code) is off the end of
 * the pack, where every part is in and the fonts are written. Faces it cannot find are left for
 * drawing to report.
 */
export function prepareShippedFaces(runs: readonly Omit<TextRun, 'color'>[], lang: string): void {
  const stack = /^ja\b/i.test(lang) ? FONT_STACKS.ja : FONT_STACKS.sans;
  const faces = new Set<FontFace>();
  for (const run of runs) {
    for (const ch of run.text) {
      if (NO_GLYPH.test(ch)) continue;
      const face = shippedFaceFor(ch.codePointAt(0)!, stack, run.bold ? 700 : 400);
      if (face) faces.add(face);
    }
  }
  for (const face of faces) deflatedFace(face);
}

/**
 * Draws text with precept's shipped fonts (the Noto faces Chromium embeds) onto pages of a
 * pdf-lib document: each character in the first family of its stack that has it, as Chromium
 * picks fonts, the face file embedded whole (the slices are small) as a CID font with a
 * ToUnicode map, so the text is extracted, searched and copied as what it says. Glyphs come from
 * each face's character map, unshaped (running headers and footers: no ligatures or kerning to
 * speak of). Call `finish()` once every line is drawn: it writes the fonts' widths and maps.
 */
export class ShippedTextWriter {
  private readonly faces = new Map<FontFace, EmbeddedFace>();
  private readonly chosen = new Map<string, FontFace>();

  constructor(private readonly doc: PDFDocument) {}

  /** The face that draws a code point in a stack and weight. */
  private faceFor(cp: number, stack: readonly string[], weight: number): FontFace {
    const key = `${stack[0]}:${weight}:${cp}`;
    let face = this.chosen.get(key);
    if (!face) {
      face = shippedFaceFor(cp, stack, weight);
      if (!face) throw failure('render.no-glyph', { codepoint: cp.toString(16).toUpperCase().padStart(4, '0') });
      this.chosen.set(key, face);
    }
    return face;
  }

  private embedded(face: FontFace): EmbeddedFace {
    let e = this.faces.get(face);
    if (!e) {
      const { sfnt, font } = faceFile(face);
      e = { face, font, ref: this.doc.context.nextRef(), sfnt, glyphs: new Map() };
      this.faces.set(face, e);
    }
    return e;
  }

  /**
   * A line of runs laid out at a size: its width in points, and the operators that show it from
   * the current text position, given the page to add the fonts to its resources.
   */
  layout(runs: readonly TextRun[], size: number, lang: string): { width: number; draw: (page: PDFPage) => string } {
    const stack = /^ja\b/i.test(lang) ? FONT_STACKS.ja : FONT_STACKS.sans;
    const pieces: { face: EmbeddedFace; hex: string; color: readonly [number, number, number] }[] = [];
    let width = 0;
    for (const run of runs) {
      for (const ch of run.text) {
        // Controls, format characters and variation selectors take no glyph (as in coverage.ts).
        if (NO_GLYPH.test(ch)) continue;
        const cp = ch.codePointAt(0)!;
        const face = this.embedded(this.faceFor(cp, stack, run.bold ? 700 : 400));
        const glyph = face.font.glyphForCodePoint(cp);
        const advance = glyph.advanceWidth;
        if (!face.glyphs.has(glyph.id)) face.glyphs.set(glyph.id, { width: advance, text: ch });
        width += (advance / face.font.unitsPerEm) * size;
        const hex = glyph.id.toString(16).padStart(4, '0');
        const last = pieces[pieces.length - 1];
        if (last && last.face === face && last.color === run.color) last.hex += hex;
        else pieces.push({ face, hex, color: run.color });
      }
    }
    return {
      width,
      draw: (page) => pieces.map((p) => {
        const name = page.node.newFontDictionary(fontName(p.face.face), p.face.ref);
        return `${p.color.map(num).join(' ')} rg ${name.toString()} ${num(size)} Tf <${p.hex}> Tj`;
      }).join(' '),
    };
  }

  /** Writes every face drawn with: the font, its widths, its ToUnicode map and the font file. */
  finish(): void {
    const c = this.doc.context;
    for (const e of this.faces.values()) {
      const { font } = e;
      const scale = 1000 / font.unitsPerEm;
      const name = `${tag(e.face)}+${font.postscriptName}`;
      const ids = [...e.glyphs.keys()].sort((a, b) => a - b);
      const widths = c.obj(ids.flatMap((id) => [id, [Math.round(e.glyphs.get(id)!.width * scale)]]));
      const file = c.stream(deflatedFace(e.face), { Length1: e.sfnt.length, Filter: 'FlateDecode' });
      const bbox = font.bbox;
      const descriptor = c.obj({
        Type: 'FontDescriptor', FontName: name, Flags: 32,
        FontBBox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => Math.round(v * scale)),
        ItalicAngle: 0, Ascent: Math.round(font.ascent * scale), Descent: Math.round(font.descent * scale),
        CapHeight: Math.round((font.capHeight || font.ascent) * scale), StemV: e.face.weight >= 700 ? 140 : 80,
        FontFile2: c.register(file),
      });
      const cid = c.obj({
        Type: 'Font', Subtype: 'CIDFontType2', BaseFont: name,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: c.register(descriptor), W: widths, CIDToGIDMap: 'Identity',
      });
      const toUnicode = c.flateStream(toUnicodeCmap(ids.map((id) => [id, e.glyphs.get(id)!.text] as const)));
      c.assign(e.ref, c.obj({
        Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: 'Identity-H',
        DescendantFonts: [c.register(cid)], ToUnicode: c.register(toUnicode),
      }));
    }
  }
}

const NO_GLYPH = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;

/** A number as content streams write it. */
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, ''));

/** The resource name of a face ("PreceptNotoSans-latin-400"). */
const fontName = (face: FontFace) => `Precept${face.family.replace(/ /g, '')}-${face.subset}-${face.weight}`;

/** The six-letter subset tag PDF wants before an embedded font's name, from the face (the same face, the same tag). */
function tag(face: FontFace): string {
  let h = 0;
  for (const ch of `${face.family}${face.subset}${face.weight}`) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + i * 7;
  }
  return out;
}

/** A ToUnicode CMap: each glyph id to the text it was drawn for. */
function toUnicodeCmap(entries: readonly (readonly [number, string])[]): string {
  const utf16 = (s: string) => [...s].map((ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x10000) return cp.toString(16).padStart(4, '0');
    const v = cp - 0x10000;
    return ((v >> 10) + 0xd800).toString(16) + ((v & 0x3ff) + 0xdc00).toString(16);
  }).join('');
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`, ...chunk.map(([id, text]) => `<${id.toString(16).padStart(4, '0')}> <${utf16(text)}>`), 'endbfchar');
  }
  return [
    '/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def', '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def',
    '1 begincodespacerange', '<0000> <ffff>', 'endcodespacerange', ...lines, 'endcmap', 'CMapName currentdict /CIDInit /ProcSet findresource end', 'end', 'end',
  ].join('\n');
}
