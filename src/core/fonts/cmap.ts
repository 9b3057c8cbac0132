import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

/**
 * The code points a WOFF (1.0) font maps to a glyph: its `cmap` table read directly (only that
 * table is inflated), the same subtable and the same set fontkit's `characterSet` gives
 * (test/fonts.test.ts compares them). Loading fontkit for this cost every precept process a
 * tenth of a second; it is still the fallback for a cmap format other than 0, 4, 6, 10 or 12.
 */
export function woffCharacterSet(woff: Uint8Array): number[] {
  const w = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  const cmap = w.length >= 44 && w.toString('latin1', 0, 4) === 'wOFF' ? woffTable(w, 'cmap') : undefined;
  const set = cmap ? cmapCharacterSet(cmap) : undefined;
  return set ?? fontkitCharacterSet(woff);
}

function fontkitCharacterSet(font: Uint8Array): number[] {
  const fontkit = createRequire(import.meta.url)('fontkit') as typeof import('fontkit');
  return fontkit.create(font).characterSet;
}

/** One table of a WOFF font, inflated. */
function woffTable(w: Buffer, tag: string): Buffer | undefined {
  const numTables = w.readUInt16BE(12);
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    if (w.toString('latin1', entry, entry + 4) !== tag) continue;
    const at = w.readUInt32BE(entry + 4);
    const compLength = w.readUInt32BE(entry + 8);
    const origLength = w.readUInt32BE(entry + 12);
    const raw = w.subarray(at, at + compLength);
    return compLength < origLength ? inflateSync(raw) : raw;
  }
  return undefined;
}

/** fontkit's order of preference among a cmap's subtables (platform, encoding). */
const PREFERRED: readonly (readonly [number, number])[] = [[3, 10], [0, 6], [0, 4], [3, 1], [0, 3], [0, 2], [0, 1], [0, 0]];

/** The code points of a cmap table's preferred Unicode subtable that map to a glyph other than 0; undefined if it cannot say. */
export function cmapCharacterSet(cmap: Buffer): number[] | undefined {
  const count = cmap.readUInt16BE(2);
  const records: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 4 + i * 8;
    records.push({ platform: cmap.readUInt16BE(at), encoding: cmap.readUInt16BE(at + 2), offset: cmap.readUInt32BE(at + 4) });
  }
  let chosen: number | undefined;
  for (const [platform, encoding] of PREFERRED) {
    chosen = records.find((r) => r.platform === platform && r.encoding === encoding)?.offset;
    if (chosen !== undefined) break;
  }
  if (chosen === undefined) return undefined;
  const t = cmap.subarray(chosen);
  const out: number[] = [];
  switch (t.readUInt16BE(0)) {
    case 0:
      for (let c = 0; c < 256; c++) if (t[6 + c]) out.push(c);
      return out;
    case 4: {
      const segCount = t.readUInt16BE(6) / 2;
      const ends = 14;
      const starts = ends + segCount * 2 + 2;
      const deltas = starts + segCount * 2;
      const rangeOffsets = deltas + segCount * 2;
      for (let i = 0; i < segCount; i++) {
        const end = t.readUInt16BE(ends + i * 2);
        const start = t.readUInt16BE(starts + i * 2);
        const delta = t.readInt16BE(deltas + i * 2);
        const rangeOffset = t.readUInt16BE(rangeOffsets + i * 2);
        for (let c = start; c <= end; c++) {
          let gid: number;
          if (rangeOffset === 0) {
            gid = c + delta;
          } else {
            // idRangeOffset counts from its own place in the table.
            const at = rangeOffsets + i * 2 + rangeOffset + (c - start) * 2;
            gid = at + 2 <= t.length ? t.readUInt16BE(at) : 0;
            if (gid !== 0) gid += delta;
          }
          if ((gid & 0xffff) !== 0) out.push(c);
        }
      }
      return out;
    }
    case 6: {
      const first = t.readUInt16BE(6);
      const n = t.readUInt16BE(8);
      for (let i = 0; i < n; i++) if (t.readUInt16BE(10 + i * 2)) out.push(first + i);
      return out;
    }
    case 10: {
      const first = t.readUInt32BE(12);
      const n = t.readUInt32BE(16);
      for (let i = 0; i < n; i++) if (t.readUInt16BE(20 + i * 2)) out.push(first + i);
      return out;
    }
    case 12: {
      const groups = t.readUInt32BE(12);
      for (let g = 0; g < groups; g++) {
        const at = 16 + g * 12;
        const start = t.readUInt32BE(at);
        const end = t.readUInt32BE(at + 4);
        const glyph = t.readUInt32BE(at + 8);
        for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) out.push(c);
      }
      return out;
    }
    default:
      return undefined;
  }
}
