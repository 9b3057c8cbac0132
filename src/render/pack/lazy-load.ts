import { PDFDocument, PDFName, PDFParser, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';
import { LOAD } from '../pdf/pdf-options.js';

/** The parts of pdf-lib's parser this file drives (its own methods, not in its typings). */
interface ParserInternals {
  bytes: { moveTo(offset: number): void; offset(): number };
  context: PDFContext;
  maybeParseTrailerDict(): void;
  parseIndirectObjectHeader(): PDFRef;
  skipWhitespaceAndComments(): void;
  parseObject(): PDFObject;
}

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');

/** The offset `startxref` gives, or undefined. */
function startXref(bytes: Uint8Array): number | undefined {
  const tail = ascii(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  return m ? Number(m[1]) : undefined;
}

/** The objects parsed so far of each document loadForCopy read lazily. */
const parsedOf = new WeakMap<PDFContext, Map<PDFRef, PDFObject>>();

/** How many objects of a document loadForCopy read lazily have been parsed (undefined if it was loaded whole). */
export function parsedObjects(doc: PDFDocument): number | undefined {
  return parsedOf.get(doc.context)?.size;
}

/**
 * A printed PDF loaded for copying its pages (PDFDocument.copyPages): only the objects the copy
 * reaches are parsed, when it reaches them. Chromium's PDFs are tagged, and most of their objects
 * are the structure tree (about 180 of 215 in a three-page policy), which a copy of the pages
 * never reads: parsing all of them was most of the pack's PDF work in Node. The objects parsed
 * are the ones PDFDocument.load would have made, so the copy, and the pack, are the same bytes.
 *
 * Only a file with one classic cross-reference table whose every entry points at its object (as
 * Chromium writes them) is read this way; any other is loaded whole.
 */
export async function loadForCopy(bytes: Uint8Array): Promise<PDFDocument> {
  const offsets = crossReference(bytes);
  if (!offsets) return PDFDocument.load(bytes, LOAD);
  const parser = PDFParser.forBytesWithOptions(bytes, Infinity, false, false) as unknown as ParserInternals;
  const { context } = parser;
  parser.bytes.moveTo(offsets.trailer);
  parser.maybeParseTrailerDict();
  if (!(context.trailerInfo.Root instanceof PDFRef)) return PDFDocument.load(bytes, LOAD);
  const parsed = new Map<PDFRef, PDFObject>();
  parsedOf.set(context, parsed);
  const lookup = (ref: PDFRef): PDFObject | undefined => {
    const known = parsed.get(ref);
    if (known !== undefined || ref.generationNumber !== 0) return known;
    const at = offsets.objects.get(ref.objectNumber);
    if (at === undefined) return undefined;
    parser.bytes.moveTo(at);
    const header = parser.parseIndirectObjectHeader();
    if (header !== ref) throw new Error(`object ${ref.objectNumber} is not where the cross-reference table puts it`);
    parser.skipWhitespaceAndComments();
    const object = parser.parseObject();
    if (object instanceof PDFRawStream && [PDFName.of('ObjStm'), PDFName.of('XRef')].includes(object.dict.lookup(PDFName.of('Type')) as PDFName)) {
      throw new Error('object streams are not read lazily');
    }
    parsed.set(ref, object);
    return object;
  };
  // pdf-lib reaches every object through this map's get (PDFContext.lookup and lookupMaybe).
  const objects = context as unknown as { indirectObjects: Map<PDFRef, PDFObject> };
  objects.indirectObjects = new (class extends Map<PDFRef, PDFObject> {
    override get(ref: PDFRef) {
      return lookup(ref);
    }
    override has(ref: PDFRef) {
      return lookup(ref) !== undefined;
    }
  })();
  // The constructor PDFDocument.load uses, with the same options (LOAD).
  const Doc = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return new Doc(context, false, LOAD.updateMetadata ?? true);
}

/**
 * Where each object of a classic cross-reference table starts, if the file has exactly one such
 * table and every in-use entry points at `<number> 0 obj`; undefined for anything else.
 */
function crossReference(bytes: Uint8Array): { trailer: number; objects: Map<number, number> } | undefined {
  const xref = startXref(bytes);
  if (xref === undefined || xref >= bytes.length || ascii(bytes, xref, Math.min(bytes.length, xref + 4)) !== 'xref') return undefined;
  const text = ascii(bytes, xref, bytes.length);
  const end = text.indexOf('trailer');
  if (end < 0) return undefined;
  const lines = text.slice(4, end).split(/\r?\n|\r/).map((l) => l.trim()).filter(Boolean);
  const objects = new Map<number, number>();
  let next = -1;
  for (const line of lines) {
    const section = /^(\d+) (\d+)$/.exec(line);
    if (section) {
      next = Number(section[1]);
      continue;
    }
    const entry = /^(\d{10}) (\d{5}) ([nf])$/.exec(line);
    if (!entry || next < 0) return undefined;
    if (entry[3] === 'n') {
      if (entry[2] !== '00000') return undefined;
      const at = Number(entry[1]);
      const head = `${next} 0 obj`;
      if (at + head.length > xref || ascii(bytes, at, at + head.length) !== head) return undefined;
      objects.set(next, at);
    }
    next++;
  }
  // Any /Prev would chain another table: not Chromium's output.
  if (/\/Prev\b/.test(text.slice(end, end + 400))) return undefined;
  return { trailer: xref + end, objects };
}
