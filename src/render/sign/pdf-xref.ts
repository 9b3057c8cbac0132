import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { PdfObjectReader, type IndirectObject } from './pdf-object-reader.js';

/** Where the cross-reference says an object is. */
type XrefEntry =
  | { type: 'free' }
  | { type: 'offset'; offset: number; generation: number }
  | { type: 'compressed'; stream: number; index: number };

/** A cross-reference section (table and trailer, or stream) and the bytes it spans. */
export interface XrefSection {
  kind: 'table' | 'stream';
  start: number;
  end: number;
}

/** An object found through the cross-reference, and the bytes of the file it was read from. */
export interface Located {
  value: PDFObject;
  /** The file bytes the object came from (for an object in an object stream: that stream's). */
  start: number;
  end: number;
  /** Positions of a dictionary's values, when asked for and the object is not compressed. */
  entries?: IndirectObject['entries'];
}

const MAX_SECTIONS = 256;
const MAX_DECODED_BYTES = 64 << 20;
const name = (n: string) => PDFName.of(n);
const int = (o: PDFObject | undefined): number | undefined => (o instanceof PDFNumber && Number.isInteger(o.asNumber()) ? o.asNumber() : undefined);

/**
 * A stream's bytes with its filter undone: none or FlateDecode (what cross-reference streams,
 * object streams and attachments use), never more than maxBytes, so a small hostile stream cannot
 * inflate into all the memory there is. Throws an Error whose message continues "the stream ...".
 */
export function inflateStream(stream: PDFRawStream, maxBytes = MAX_DECODED_BYTES): Uint8Array {
  let filter = stream.dict.get(name('Filter'));
  if (filter instanceof PDFArray && filter.size() === 1) filter = filter.get(0);
  const limit = `${maxBytes / 2 ** 20} MiB`;
  if (filter === undefined) {
    if (stream.contents.length > maxBytes) throw new Error(`is larger than ${limit}`);
    return stream.contents;
  }
  if (filter !== name('FlateDecode')) throw new Error(`uses the filter ${filter.toString()}, which precept does not read`);
  try {
    return inflateSync(stream.contents, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`inflates to more than ${limit}`);
    throw new Error(`is not valid Deflate data (${(error as Error).message})`);
  }
}

/** A cross-reference or object stream's bytes: inflated (inflateStream), then its PNG predictor undone. */
function decodeStream(stream: PDFRawStream): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = inflateStream(stream);
  } catch (error) {
    throw new Error(`a cross-reference or object stream ${(error as Error).message}`);
  }
  let parms = stream.dict.get(name('DecodeParms'));
  if (parms instanceof PDFArray) parms = parms.get(parms.size() - 1);
  const predictor = parms instanceof PDFDict ? int(parms.get(name('Predictor'))) ?? 1 : 1;
  if (predictor === 1) return bytes;
  if (predictor < 10 || !(parms instanceof PDFDict)) throw new Error(`stream predictor ${predictor} is not supported`);
  const columns = int(parms.get(name('Columns'))) ?? 1;
  if (columns < 1 || columns > 65_536) throw new Error(`stream predictor columns ${columns} are not valid`);
  // PNG filters, one filter byte before each row; cross-reference streams have one byte a pixel.
  const out = new Uint8Array(Math.floor(bytes.length / (columns + 1)) * columns);
  for (let row = 0; (row + 1) * (columns + 1) <= bytes.length; row++) {
    const filter = bytes[row * (columns + 1)]!;
    for (let i = 0; i < columns; i++) {
      const raw = bytes[row * (columns + 1) + 1 + i]!;
      const left = i > 0 ? out[row * columns + i - 1]! : 0;
      const up = row > 0 ? out[(row - 1) * columns + i]! : 0;
      const upLeft = row > 0 && i > 0 ? out[(row - 1) * columns + i - 1]! : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predicted = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter];
      if (predicted === undefined) throw new Error(`PNG filter ${filter} is not valid`);
      out[row * columns + i] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/**
 * A PDF's cross-reference as a reader follows it: from the last `startxref`, through each
 * section (classic tables, cross-reference streams, hybrid files) and its /Prev, the newest
 * entry for an object winning. Objects are read where the entries say, never by scanning.
 */
export class CrossReference {
  private readonly objectStreams = new Map<number, { reader: PdfObjectReader; offsets: Map<number, number>; start: number; end: number }>();

  private constructor(
    private readonly reader: PdfObjectReader,
    /** The newest trailer (or cross-reference stream dictionary). */
    readonly trailer: PDFDict,
    /** The offset the last `startxref` gives, and where that keyword starts. */
    readonly startxref: { offset: number; at: number },
    /** Newest first. */
    readonly sections: XrefSection[],
    private readonly entries: Map<number, XrefEntry>,
  ) {}

  /** Reads the cross-reference of a whole file; throws with a plain message when it cannot. */
  static read(pdf: Uint8Array): CrossReference {
    const reader = PdfObjectReader.over(pdf);
    const startxref = lastStartxref(pdf);
    const entries = new Map<number, XrefEntry>();
    const sections: XrefSection[] = [];
    const add = (n: number, e: XrefEntry) => {
      if (!entries.has(n)) entries.set(n, e);
    };
    let trailer: PDFDict | undefined;
    const readStreamSection = (offset: number): PDFDict => {
      const object = reader.indirectObjectAt(offset);
      const stream = object.value;
      if (!(stream instanceof PDFRawStream) || stream.dict.get(name('Type')) !== name('XRef')) {
        throw new Error(`byte ${offset} holds neither an xref table nor a cross-reference stream`);
      }
      sections.push({ kind: 'stream', start: offset, end: object.end });
      const widths = stream.dict.get(name('W'));
      const w = widths instanceof PDFArray ? widths.asArray().map(int) : [];
      if (w.length !== 3 || w.some((x) => x === undefined || x < 0 || x > 8)) throw new Error(`the cross-reference stream at byte ${offset} has no valid /W`);
      const [w0, w1, w2] = w as [number, number, number];
      const index = stream.dict.get(name('Index'));
      const ranges = index instanceof PDFArray ? index.asArray().map(int) : [0, int(stream.dict.get(name('Size')))];
      const data = decodeStream(stream);
      let at = 0;
      const field = (width: number, fallback: number) => {
        if (width === 0) return fallback;
        let v = 0;
        for (let i = 0; i < width; i++) v = v * 256 + (data[at++] ?? 0);
        return v;
      };
      for (let r = 0; r + 1 < ranges.length; r += 2) {
        const [first, count] = [ranges[r], ranges[r + 1]];
        if (first === undefined || count === undefined) throw new Error(`the cross-reference stream at byte ${offset} has no valid /Index`);
        for (let i = 0; i < count; i++) {
          if (at + w0 + w1 + w2 > data.length) throw new Error(`the cross-reference stream at byte ${offset} is shorter than its /Index says`);
          const [type, a, b] = [field(w0, 1), field(w1, 0), field(w2, 0)];
          add(first + i, type === 1 ? { type: 'offset', offset: a, generation: b } : type === 2 ? { type: 'compressed', stream: a, index: b } : { type: 'free' });
        }
      }
      return stream.dict;
    };
    const seen = new Set<number>();
    let next: number | undefined = startxref.offset;
    while (next !== undefined) {
      if (seen.has(next)) throw new Error(`the cross-reference sections loop back to byte ${next}`);
      if (seen.size >= MAX_SECTIONS) throw new Error(`more than ${MAX_SECTIONS} cross-reference sections`);
      seen.add(next);
      let sectionTrailer: PDFDict;
      if (next >= 0 && next < pdf.length && reader.isXrefTableAt(next)) {
        const table = reader.xrefTableAt(next);
        sections.push({ kind: 'table', start: next, end: table.end });
        for (const row of table.rows) add(row.objectNumber, row.inUse ? { type: 'offset', offset: row.offset, generation: row.generation } : { type: 'free' });
        sectionTrailer = table.trailer;
        const stm = int(sectionTrailer.get(name('XRefStm')));
        if (stm !== undefined && !seen.has(stm)) {
          seen.add(stm);
          readStreamSection(stm);
        }
      } else {
        sectionTrailer = readStreamSection(next);
      }
      trailer ??= sectionTrailer;
      next = int(sectionTrailer.get(name('Prev')));
    }
    return new CrossReference(reader, trailer!, startxref, sections, entries);
  }

  /** The object a reference points to, through the cross-reference; a direct object as it is. */
  resolve(object: PDFObject | undefined, options: { positions?: boolean } = {}): Located | undefined {
    if (!(object instanceof PDFRef)) return object === undefined ? undefined : { value: object, start: -1, end: -1 };
    const entry = this.entries.get(object.objectNumber);
    if (!entry || entry.type === 'free') return undefined;
    if (entry.type === 'offset') {
      const found = this.reader.indirectObjectAt(entry.offset, options);
      if (found.ref !== object) throw new Error(`the cross-reference points object ${object.objectNumber} to byte ${entry.offset}, which holds object ${found.ref.objectNumber} ${found.ref.generationNumber}`);
      return { value: found.value, start: found.start, end: found.end, ...(found.entries ? { entries: found.entries } : {}) };
    }
    const stream = this.objectStream(entry.stream);
    const at = stream.offsets.get(object.objectNumber);
    if (at === undefined) throw new Error(`object ${object.objectNumber} is not in object stream ${entry.stream}`);
    return { value: stream.reader.objectAt(at), start: stream.start, end: stream.end };
  }

  /** An object stream, decoded, with where each of its objects starts. */
  private objectStream(number: number) {
    const cached = this.objectStreams.get(number);
    if (cached) return cached;
    const entry = this.entries.get(number);
    if (entry?.type !== 'offset') throw new Error(`object stream ${number} is not in the cross-reference`);
    const object = this.reader.indirectObjectAt(entry.offset);
    if (!(object.value instanceof PDFRawStream) || object.value.dict.get(name('Type')) !== name('ObjStm')) throw new Error(`object ${number} is not an object stream`);
    const data = decodeStream(object.value);
    const n = int(object.value.dict.get(name('N'))) ?? 0;
    const first = int(object.value.dict.get(name('First'))) ?? 0;
    const reader = PdfObjectReader.over(data);
    const header = PdfObjectReader.over(data.subarray(0, first));
    const offsets = new Map<number, number>();
    for (const [num, off] of header.integerPairs(n)) offsets.set(num, first + off);
    const stream = { reader, offsets, start: object.start, end: object.end };
    this.objectStreams.set(number, stream);
    return stream;
  }
}

/** The offset after the last `startxref` near the end of the file, as readers look for it. */
function lastStartxref(pdf: Uint8Array): { offset: number; at: number } {
  const tailStart = Math.max(0, pdf.length - 1024);
  const tail = Buffer.from(pdf.buffer, pdf.byteOffset + tailStart, pdf.length - tailStart);
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw new Error('no startxref in the last 1024 bytes of the file');
  const m = /^startxref[\r\n\t ]+(\d+)[\r\n\t ]+%%EOF/.exec(tail.subarray(at).toString('latin1'));
  if (!m) throw new Error('the last startxref is not followed by an offset and %%EOF');
  return { offset: Number(m[1]), at: tailStart + at };
}
