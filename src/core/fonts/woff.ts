import { inflateSync } from 'node:zlib';
import { PreceptError } from '../errors.js';

/**
 * A WOFF (1.0) font as the plain TrueType/OpenType file it wraps: tables inflated, directory
 * rebuilt (W3C WOFF 1.0, section 5). fontconfig reads WOFF, but Chromium stops drawing web fonts
 * when the only font fontconfig offers it is one, so the printing browser's fallback is unwrapped.
 */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const w = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (w.length < 44 || w.toString('latin1', 0, 4) !== 'wOFF') throw new PreceptError('not a WOFF font');
  const flavor = w.readUInt32BE(4);
  const numTables = w.readUInt16BE(12);
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  const head = Buffer.alloc(12 + 16 * numTables);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = head.length;
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const [tag, at, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((k) => w.readUInt32BE(entry + k)) as [number, number, number, number, number];
    const raw = w.subarray(at, at + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new PreceptError('damaged WOFF font: a table has the wrong length');
    head.writeUInt32BE(tag, 12 + i * 16);
    head.writeUInt32BE(checksum, 12 + i * 16 + 4);
    head.writeUInt32BE(offset, 12 + i * 16 + 8);
    head.writeUInt32BE(origLength, 12 + i * 16 + 12);
    // Tables start on 4-byte boundaries.
    const padded = Buffer.alloc((data.length + 3) & ~3);
    data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  }
  return Buffer.concat([head, ...bodies]);
}
