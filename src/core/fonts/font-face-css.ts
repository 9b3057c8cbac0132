import { readFileSync } from 'node:fs';
import type { FontFace } from './families.js';

/** `@font-face` rules for faces, each file named by `src` (a URL in the site, or a data: URL). */
export function fontFaceCss(faces: readonly FontFace[], src: (face: FontFace) => string, display: 'block' | 'swap' = 'block'): string {
  return faces.map((f) => `@font-face{font-family:"${f.family}";font-style:${f.style};font-weight:${f.weight};font-display:${display};`
    + `src:url(${src(f)}) format("woff2");unicode-range:${f.unicodeRange}}`).join('\n');
}

const dataUrls = new Map<string, string>();

/** A face's WOFF2 file as a data: URL (read once per process), for documents that may load nothing. */
export function fontDataUrl(face: FontFace): string {
  let url = dataUrls.get(face.woff2);
  if (!url) {
    url = `data:font/woff2;base64,${readFileSync(face.woff2).toString('base64')}`;
    dataUrls.set(face.woff2, url);
  }
  return url;
}

/** The file name a face is served under in the portal (`assets/fonts/<name>`). */
export function fontFileName(face: FontFace): string {
  return face.woff2.slice(face.woff2.lastIndexOf('/') + 1);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', middot: '\u00b7', ndash: '\u2013', mdash: '\u2014', hellip: '\u2026' };

/**
 * The text of an HTML document or fragment as a browser would show it, near enough to know which
 * characters it needs: styles, scripts and tags removed, character references decoded.
 */
export function htmlText(html: string): string {
  return html
    .replace(/<(style|script|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      const cp = dec ? Number(dec) : hex ? parseInt(hex, 16) : undefined;
      if (cp !== undefined) return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
      return ENTITIES[name!.toLowerCase()] ?? whole;
    });
}
