import { failure } from '../../core/i18n/failure.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PreceptError } from '../errors.js';

/** One font file precept ships: a family's weight and style, cut to one range of characters. */
export interface FontFace {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** The slice of the family (`latin`, `japanese-12`, ...), the same across weights. */
  subset: string;
  /** The WOFF2 file (portal and PDFs). */
  woff2: string;
  /** The same face as WOFF 1 (quicker to read a character map from). */
  woff: string;
  /** The CSS `unicode-range` this slice serves. */
  unicodeRange: string;
  /** The same, parsed: inclusive code point ranges. */
  ranges: readonly (readonly [number, number])[];
}

/** A font family precept ships through npm (Fontsource packages of Google's Noto fonts, SIL OFL 1.1). */
interface Family {
  family: string;
  /** The npm package, e.g. @fontsource/noto-sans-jp. */
  pkg: string;
  variants: readonly { weight: number; style: 'normal' | 'italic' }[];
}

/**
 * The fonts of everything precept prints and serves, so no output depends on the fonts a machine
 * has: Noto Sans for Latin, Greek and Cyrillic, Noto Sans JP for Japanese (and as every stack's
 * fallback), Noto Sans Mono for code. Regular and bold (and Latin italics); other weights are
 * matched to these.
 */
const FAMILIES: readonly Family[] = [
  { family: 'Noto Sans', pkg: '@fontsource/noto-sans', variants: [{ weight: 400, style: 'normal' }, { weight: 700, style: 'normal' }, { weight: 400, style: 'italic' }, { weight: 700, style: 'italic' }] },
  { family: 'Noto Sans JP', pkg: '@fontsource/noto-sans-jp', variants: [{ weight: 400, style: 'normal' }, { weight: 700, style: 'normal' }] },
  { family: 'Noto Sans Mono', pkg: '@fontsource/noto-sans-mono', variants: [{ weight: 400, style: 'normal' }, { weight: 700, style: 'normal' }] },
];

/**
 * The font stacks templates use (CSS `font-family`), each made only of shipped families so a
 * browser never reaches for a system font: text in another language (a `lang` other than ja),
 * Japanese text, and code. Every stack holds every family, so a character one family lacks is
 * found in the next, and each stack can show the same characters.
 */
export const FONT_STACKS = {
  sans: ['Noto Sans', 'Noto Sans JP', 'Noto Sans Mono'],
  ja: ['Noto Sans JP', 'Noto Sans', 'Noto Sans Mono'],
  mono: ['Noto Sans Mono', 'Noto Sans JP', 'Noto Sans'],
} as const;

/** A stack as a CSS `font-family` value. */
export function cssFontFamily(stack: readonly string[]): string {
  return stack.map((f) => `"${f}"`).join(', ');
}

/** Parses a CSS unicode-range (`U+0000-00FF,U+0131`) into inclusive ranges. */
export function parseUnicodeRange(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) throw new PreceptError(`not a unicode-range: "${part}"`);
    const from = parseInt(m[1]!, 16);
    return [from, m[2] ? parseInt(m[2], 16) : from];
  });
}

/** Whether one of the ranges holds a code point. */
export function inRanges(ranges: readonly (readonly [number, number])[], cp: number): boolean {
  for (const [from, to] of ranges) if (cp >= from && cp <= to) return true;
  return false;
}

let faces: FontFace[] | undefined;

/** Every face precept ships, family by family in FAMILIES order. */
export function shippedFaces(): readonly FontFace[] {
  if (faces) return faces;
  const require = createRequire(import.meta.url);
  const out: FontFace[] = [];
  for (const { family, pkg, variants } of FAMILIES) {
    let dir: string;
    try {
      dir = path.dirname(require.resolve(pkg));
    } catch (error) {
      throw failure('render.font-package', { package: pkg }, { cause: error });
    }
    const id = path.basename(pkg);
    const subsets = JSON.parse(readFileSync(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
    for (const [key, unicodeRange] of Object.entries(subsets)) {
      // Fontsource names the numbered Japanese slices "[12]" in unicode.json and "12" in file names.
      const subset = key.replace(/^\[(\d+)\]$/, '$1');
      const ranges = parseUnicodeRange(unicodeRange);
      for (const { weight, style } of variants) {
        const base = path.join(dir, 'files', `${id}-${subset}-${weight}-${style}`);
        out.push({ family, weight, style, subset, woff2: `${base}.woff2`, woff: `${base}.woff`, unicodeRange, ranges });
      }
    }
  }
  return (faces = out);
}

/** The font packages and their versions: part of every cache key of output made with the fonts. */
export function fontsKey(): string {
  const require = createRequire(import.meta.url);
  return FAMILIES.map(({ pkg }) => {
    const dir = path.dirname(require.resolve(pkg));
    return `${pkg}@${(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version}`;
  }).join(',');
}
