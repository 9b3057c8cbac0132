/** The fonts precept ships: which characters have glyphs, which faces a text needs, WOFF unwrapping. */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { woffCharacterSet } from '../src/core/fonts/cmap.js';
import { canPrint, facesFor, missingGlyphs } from '../src/core/fonts/coverage.js';
import { KNOWN_PRINTABLE } from '../src/check/rules/missing-glyph.js';
import { shippedFaces } from '../src/core/fonts/families.js';
import { htmlText } from '../src/core/fonts/font-face-css.js';
import { woffToSfnt } from '../src/core/fonts/woff.js';

const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);
const names = (faces: ReturnType<typeof facesFor>) => [...new Set(faces.map((f) => `${f.family}/${f.subset}`))];

describe('shipped fonts', () => {
  it('ship regular and bold of every family, sliced by Unicode range', () => {
    const faces = shippedFaces();
    const jp = faces.filter((f) => f.family === 'Noto Sans JP');
    expect(new Set(jp.map((f) => f.weight))).toEqual(new Set([400, 700]));
    expect(new Set(jp.map((f) => f.subset)).size).toBeGreaterThan(100);
    expect(faces.some((f) => f.family === 'Noto Sans Mono')).toBe(true);
  });

  it('know which characters have glyphs, from the fonts themselves', () => {
    expect(missingGlyphs('情報セキュリティ基本方針：懲戒処分について。Policy — “quotes”, café, 1–2')).toEqual([]);
    expect(missingGlyphs('OK 🙂 then 🔐').map((m) => [m.char, m.index])).toEqual([['🙂', 3], ['🔐', 11]]);
    // Characters that take no glyph of their own are never missing.
    expect(missingGlyphs('a\u00ADb\u200Bc\uFE0F\n\t')).toEqual([]);
    expect(canPrint(0x845b)).toBe(true); // 葛
    expect(canPrint(0x1f600)).toBe(false);
  });

  it('ask for the slices a text needs: none of the Japanese font for English text outside Japanese', () => {
    expect(names(facesFor(cps('Hello world'), ['sans', 'mono']))).toEqual(['Noto Sans/latin', 'Noto Sans Mono/latin']);
    const ja = names(facesFor(cps('懲戒処分'), ['sans', 'ja', 'mono']));
    expect(ja.every((n) => n.startsWith('Noto Sans JP/'))).toBe(true);
    expect(ja.length).toBeGreaterThan(0);
    // Each face holds the characters it was chosen for.
    for (const face of facesFor(cps('懲戒処分'))) {
      const map = new Set(fontkit.create(readFileSync(face.woff)).characterSet);
      expect(cps('懲戒処分').some((c) => map.has(c))).toBe(true);
    }
  });

  it('read each face\'s character map as fontkit does, without loading fontkit', () => {
    const faces = shippedFaces();
    // Every family, upright and italic, Latin and Japanese slices (294 faces; all agree).
    const sample = [...new Map(faces.map((f) => [`${f.family}/${f.style}/${f.subset.replace(/\d+$/, '')}`, f])).values()];
    expect(sample.length).toBeGreaterThan(10);
    for (const face of sample) {
      const bytes = readFileSync(face.woff);
      expect(woffCharacterSet(bytes).sort((a, b) => a - b), face.woff).toEqual([...fontkit.create(bytes).characterSet].sort((a, b) => a - b));
    }
  });

  it('read the text of HTML as a browser shows it', () => {
    expect(htmlText('<style>p{}</style><p title="x">A &amp; B &#x61; &#98; &middot;</p>')).toBe('  A & B a b \u00b7 ');
  });

  it('unwrap WOFF to a font that reads the same', () => {
    const face = shippedFaces().find((f) => f.family === 'Noto Sans' && f.subset === 'latin' && f.weight === 400 && f.style === 'normal')!;
    const sfnt = woffToSfnt(readFileSync(face.woff));
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000);
    const font = fontkit.create(sfnt);
    expect(font.familyName).toBe('Noto Sans');
    expect(font.characterSet).toEqual(fontkit.create(readFileSync(face.woff)).characterSet);
    expect(() => woffToSfnt(Buffer.from('not a font at all, not at all, not at all, really'))).toThrow(/not a WOFF font/);
  });
});

describe('missing-glyph without the fonts', () => {
  it('takes as printable, without reading the fonts, only characters the fonts show', () => {
    let known = 0;
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const char = String.fromCodePoint(cp);
      if (!KNOWN_PRINTABLE.test(char) || char === '\n' || char === '\t' || char === '\r') continue;
      known++;
      expect([cp.toString(16), canPrint(cp)]).toEqual([cp.toString(16), true]);
    }
    expect(known).toBeGreaterThan(1000);
    expect(KNOWN_PRINTABLE.test('Policy — “quotes”, café, 1–2 ・ カタカナ')).toBe(true);
    expect(KNOWN_PRINTABLE.test('OK 🙂')).toBe(false);
  });
});
