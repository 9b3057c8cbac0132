/** Reading a printed part for copying its pages parses only what the copy reaches, and copies the same bytes. */
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { loadForCopy, parsedObjects } from '../src/render/pack/lazy-load.js';
import { LOAD, SAVE } from '../src/render/pdf/pdf-options.js';

/** A three-page document with text, a link and a large object the pages never use (as a structure tree is). */
async function part(options: { objectStreams: boolean }): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i++) doc.addPage([595, 842]).drawText(`Page ${i + 1} of a part`, { x: 50, y: 780, size: 12, font });
  const unused = doc.context.obj(Array.from({ length: 500 }, (_, i) => doc.context.obj({ Type: 'StructElem', S: 'P', K: i })).map((d) => doc.context.register(d)));
  doc.catalog.set(PDFName.of('StructTreeRoot'), doc.context.register(doc.context.obj({ Type: 'StructTreeRoot', K: unused })));
  return doc.save({ ...SAVE, useObjectStreams: options.objectStreams });
}

async function copied(load: (bytes: Uint8Array) => Promise<PDFDocument>, bytes: Uint8Array): Promise<Uint8Array> {
  const dest = await PDFDocument.create({ updateMetadata: false });
  const src = await load(bytes);
  for (const page of await dest.copyPages(src, src.getPageIndices())) dest.addPage(page);
  return dest.save(SAVE);
}

describe('loadForCopy', () => {
  it('copies pages to the same bytes as a full load, from a classic cross-reference table', async () => {
    const bytes = await part({ objectStreams: false });
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\nxref\n/);
    const lazy = await copied(loadForCopy, bytes);
    expect(Buffer.compare(Buffer.from(lazy), Buffer.from(await copied((b) => PDFDocument.load(b, LOAD), bytes)))).toBe(0);
    expect((await PDFDocument.load(lazy)).getPageCount()).toBe(3);
  });

  it('parses only the objects the pages reach', async () => {
    const bytes = await part({ objectStreams: false });
    const src = await loadForCopy(bytes);
    const dest = await PDFDocument.create({ updateMetadata: false });
    await dest.copyPages(src, src.getPageIndices());
    const all = (await PDFDocument.load(bytes, LOAD)).context.enumerateIndirectObjects().length;
    // The 500 structure elements and their root were never asked for.
    expect(all).toBeGreaterThan(500);
    expect(parsedObjects(src)).toBeLessThan(20);
    expect(parsedObjects(await loadForCopy(await part({ objectStreams: true })))).toBeUndefined();
  });

  it('loads any other file whole (object streams), with the same result', async () => {
    const bytes = await part({ objectStreams: true });
    expect(Buffer.compare(Buffer.from(await copied(loadForCopy, bytes)), Buffer.from(await copied((b) => PDFDocument.load(b, LOAD), bytes)))).toBe(0);
  });
});
