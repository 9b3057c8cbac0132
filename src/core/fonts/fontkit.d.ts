// fontkit ships no types; precept reads each font's character map, and metrics and glyphs for the text it draws itself.
declare module 'fontkit' {
  interface Font {
    /** Every code point the font's cmap maps to a glyph. */
    readonly characterSet: number[];
    readonly familyName: string;
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    readonly capHeight: number;
    readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
    glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
  }
  export function create(buffer: Uint8Array): Font;
}
