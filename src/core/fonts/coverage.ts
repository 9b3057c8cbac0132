import { readFileSync } from 'node:fs';
import { woffCharacterSet } from './cmap.js';
import { FONT_STACKS, shippedFaces, type FontFace } from './families.js';

/**
 * Characters that take no glyph of their own: controls, format characters (soft hyphen,
 * zero-width space and joiners, the byte order mark), line and paragraph separators, and
 * variation selectors (which pick a form of the character before them).
 */
const NO_GLYPH = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;

const cmaps = new Map<string, Set<number>>();

/** The code points a face's file maps to glyphs, read once (slices of a family share them across weights). */
function cmapOf(face: FontFace): Set<number> {
  let set = cmaps.get(face.woff);
  if (!set) {
    set = new Set(woffCharacterSet(readFileSync(face.woff)));
    cmaps.set(face.woff, set);
  }
  return set;
}

const indexes = new Map<string, Map<number, FontFace[]>>();

/** A family's faces by the code points their unicode-range holds (built once: ranges are long lists). */
function familyIndex(family: string): Map<number, FontFace[]> {
  let index = indexes.get(family);
  if (!index) {
    index = new Map();
    for (const face of shippedFaces()) {
      if (face.family !== family) continue;
      for (const [from, to] of face.ranges) {
        for (let cp = from; cp <= to; cp++) {
          const list = index.get(cp);
          if (list) list.push(face);
          else index.set(cp, [face]);
        }
      }
    }
    indexes.set(family, index);
  }
  return index;
}

/** Whether a family has a glyph for a code point, from the character maps of its slices whose range holds it. */
export function familyHas(family: string, cp: number): boolean {
  return (familyIndex(family).get(cp) ?? []).some((f) => f.weight === 400 && f.style === 'normal' && cmapOf(f).has(cp));
}

const printable = new Map<number, boolean>();

/** Whether the shipped fonts can show a character (every stack holds every family, so any family will do). */
export function canPrint(cp: number): boolean {
  if (cp < 0x7f && cp >= 0x20) return true;
  let known = printable.get(cp);
  if (known === undefined) {
    known = NO_GLYPH.test(String.fromCodePoint(cp)) || FONT_STACKS.sans.some((family) => familyHas(family, cp));
    printable.set(cp, known);
  }
  return known;
}

/** A character no shipped font can show, and where it is in the text (UTF-16 offset). */
export interface MissingGlyph {
  char: string;
  codePoint: number;
  index: number;
}

/** Characters in `text` that would print as empty boxes, in order (each occurrence). */
export function missingGlyphs(text: string): MissingGlyph[] {
  const out: MissingGlyph[] = [];
  // Plain ASCII, by far the most common text, is always covered.
  if (!/[^\x20-\x7e\t\n\r]/.test(text)) return out;
  let index = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (!canPrint(cp)) out.push({ char, codePoint: cp, index });
    index += char.length;
  }
  return out;
}

/** "U+1F600". */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The faces a browser needs to show these code points with FONT_STACKS: for every stack used, the
 * first family that has each character, with all of that family's weights and styles of the
 * slices that hold it. Any other face would never be used, so leaving it out changes nothing
 * but the size of what is loaded. In FAMILIES order, so the same text always gives the same list.
 */
export function facesFor(codePoints: Iterable<number>, stacks: readonly (keyof typeof FONT_STACKS)[] = ['sans', 'ja', 'mono']): FontFace[] {
  const wanted = new Set<FontFace>();
  const all = shippedFaces();
  const seen = new Set<number>();
  for (const cp of codePoints) {
    if (seen.has(cp)) continue;
    seen.add(cp);
    if (NO_GLYPH.test(String.fromCodePoint(cp))) continue;
    for (const name of stacks) {
      const family = FONT_STACKS[name].find((f) => familyHas(f, cp));
      if (family) for (const face of familyIndex(family).get(cp)!) wanted.add(face);
    }
  }
  return all.filter((f) => wanted.has(f));
}
