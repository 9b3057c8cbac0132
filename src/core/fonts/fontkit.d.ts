// fontkit ships no types; precept reads only each font's character map.
declare module 'fontkit' {
  interface Font {
    /** Every code point the font's cmap maps to a glyph. */
    readonly characterSet: number[];
    readonly familyName: string;
  }
  export function create(buffer: Uint8Array): Font;
}
