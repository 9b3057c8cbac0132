import { PDFContext, PDFDict, PDFName, PDFObjectParser, PDFRef, type PDFObject } from 'pdf-lib';

type ByteStream = ConstructorParameters<typeof PDFObjectParser>[0];

const keyword = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const OBJ = keyword('obj');
const ENDOBJ = keyword('endobj');
const XREF = keyword('xref');
const TRAILER = keyword('trailer');
const GT = 0x3e;

/** A dictionary entry's value and the bytes it spans in the file. */
export interface DictEntry {
  value: PDFObject;
  start: number;
  end: number;
}

/** `num gen obj ... endobj` read at a known offset, with the bytes it spans. */
export interface IndirectObject {
  ref: PDFRef;
  value: PDFObject;
  start: number;
  end: number;
  /** For a dictionary read with positions: where each value lies (keys without the slash). */
  entries?: Map<string, DictEntry>;
}

/** One row of a classic cross-reference table. */
export interface XrefRow {
  objectNumber: number;
  offset: number;
  generation: number;
  inUse: boolean;
}

/**
 * pdf-lib's object parser, pointed at offsets a cross-reference gives instead of reading the file
 * front to back (which is what `PDFDocument.load` does, and what lets objects hidden in unsigned
 * bytes count). Adds what a signature check needs: where an object and each value of a
 * dictionary start and end.
 */
export class PdfObjectReader extends PDFObjectParser {
  readonly size: number;

  private constructor(stream: ByteStream, context: PDFContext, size: number) {
    super(stream, context);
    this.size = size;
  }

  /** A reader over a file's bytes (or a decoded object stream's). */
  static over(bytes: Uint8Array): PdfObjectReader {
    const context = PDFContext.create();
    // pdf-lib does not export its ByteStream class: borrow the one forBytes makes.
    const stream = (PDFObjectParser.forBytes(bytes, context) as unknown as { bytes: ByteStream }).bytes;
    return new PdfObjectReader(stream, context, bytes.length);
  }

  /** The indirect object whose `num gen obj` starts exactly at `offset`. */
  indirectObjectAt(offset: number, options: { positions?: boolean } = {}): IndirectObject {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.size) throw new Error(`offset ${offset} is outside the file`);
    this.bytes.moveTo(offset);
    const num = this.parseRawInt();
    this.skipWhitespaceAndComments();
    const gen = this.parseRawInt();
    this.skipWhitespaceAndComments();
    if (!this.matchKeyword(OBJ)) throw new Error(`no object starts at byte ${offset}`);
    this.skipWhitespaceAndComments();
    let value: PDFObject;
    let entries: Map<string, DictEntry> | undefined;
    if (options.positions) {
      entries = this.dictEntries();
      value = PDFDict.fromMapWithContext(new Map([...entries].map(([k, e]) => [PDFName.of(k), e.value])), this.context);
    } else {
      value = this.parseObject();
    }
    this.skipWhitespaceAndComments();
    if (!this.matchKeyword(ENDOBJ)) throw new Error(`object ${num} ${gen} at byte ${offset} does not end with endobj`);
    return { ref: PDFRef.of(num, gen), value, start: offset, end: this.bytes.offset(), ...(entries ? { entries } : {}) };
  }

  /** The object at `offset` in a decoded object stream (no `obj` header there). */
  objectAt(offset: number): PDFObject {
    this.bytes.moveTo(offset);
    return this.parseObject();
  }

  /** `n` pairs of integers from the start: an object stream's header (object number, offset). */
  integerPairs(n: number): [number, number][] {
    this.bytes.moveTo(0);
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      this.skipWhitespaceAndComments();
      const a = this.parseRawInt();
      this.skipWhitespaceAndComments();
      pairs.push([a, this.parseRawInt()]);
    }
    return pairs;
  }

  /** Does a classic `xref` table start at `offset`? */
  isXrefTableAt(offset: number): boolean {
    this.bytes.moveTo(offset);
    return this.matchKeyword(XREF);
  }

  /** A classic `xref` table at `offset` and the `trailer` dictionary after it. */
  xrefTableAt(offset: number): { rows: XrefRow[]; trailer: PDFDict; end: number } {
    this.bytes.moveTo(offset);
    if (!this.matchKeyword(XREF)) throw new Error(`no xref table at byte ${offset}`);
    const rows: XrefRow[] = [];
    for (;;) {
      this.skipWhitespaceAndComments();
      if (this.matchKeyword(TRAILER)) break;
      const first = this.parseRawInt();
      this.skipWhitespace();
      const count = this.parseRawInt();
      for (let i = 0; i < count; i++) {
        this.skipWhitespace();
        const entryOffset = this.parseRawInt();
        this.skipWhitespace();
        const generation = this.parseRawInt();
        this.skipWhitespace();
        const type = this.bytes.next();
        if (type !== 0x6e && type !== 0x66) throw new Error(`xref entry ${first + i} at byte ${offset} is neither in use (n) nor free (f)`);
        rows.push({ objectNumber: first + i, offset: entryOffset, generation, inUse: type === 0x6e });
      }
    }
    this.skipWhitespaceAndComments();
    const trailer = this.parseObject();
    if (!(trailer instanceof PDFDict)) throw new Error(`the trailer after the xref table at byte ${offset} is not a dictionary`);
    return { rows, trailer, end: this.bytes.offset() };
  }

  /** A dictionary's entries in order, each with the bytes its value spans. */
  private dictEntries(): Map<string, DictEntry> {
    this.bytes.assertNext(0x3c);
    this.bytes.assertNext(0x3c);
    const entries = new Map<string, DictEntry>();
    for (;;) {
      this.skipWhitespaceAndComments();
      if (this.bytes.peek() === GT && this.bytes.peekAhead(1) === GT) break;
      const key = this.parseName().decodeText();
      this.skipWhitespaceAndComments();
      const start = this.bytes.offset();
      const value = this.parseObject();
      if (entries.has(key)) throw new Error(`the dictionary has /${key} twice`);
      entries.set(key, { value, start, end: this.bytes.offset() });
    }
    this.bytes.assertNext(GT);
    this.bytes.assertNext(GT);
    return entries;
  }
}
