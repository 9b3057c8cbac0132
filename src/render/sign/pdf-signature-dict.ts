import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { phrase, type Phrase } from '../../core/i18n/phrase.js';
import { CrossReference, type Located } from './pdf-xref.js';

/** A signed signature field, found through the document's structure. */
export interface SignatureField {
  /** The field's full name (`/T` of it and its parents). */
  name: string;
  /** The signature dictionary (the field's /V) and the bytes it spans. */
  dict: Located;
}

/** What the structure says about a PDF's signatures. */
export interface PdfSignatures {
  xref: CrossReference;
  signatures: SignatureField[];
  /** Objects read on the way to them, and where they are in the file (`what` names one of the catalogue's `verify.object` entries). */
  path: { what: PathObject; start: number; end: number }[];
}

/** A signature's /ByteRange and the /Contents string it leaves out, checked against the file. */
export interface SignedRanges {
  /** The signed bytes: [start, end) pairs. */
  ranges: [number, number][];
  /** The DER of the CMS signature in /Contents (zero padding removed), when the string is sound. */
  cms: Buffer | undefined;
  problems: Phrase[];
}

const name = (n: string) => PDFName.of(n);

/** The objects on the way from the trailer to a signature. */
type PathObject = 'catalog' | 'form' | 'fields' | 'field' | 'kids';
const MAX_DEPTH = 32;
const text = (o: PDFObject | undefined) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

/**
 * The signature fields of a PDF that carry a signature: trailer -> /Root -> /AcroForm -> /Fields
 * (and their /Kids), every object read through the cross-reference from the last `startxref`.
 * Throws when that structure cannot be read.
 */
export function findSignatures(pdf: Uint8Array): PdfSignatures {
  const xref = CrossReference.read(pdf);
  const path: PdfSignatures['path'] = [];
  const signatures: SignatureField[] = [];
  const visit = (what: PathObject, object: PDFObject | undefined): PDFObject | undefined => {
    const found = xref.resolve(object);
    if (found && found.start >= 0) path.push({ what, start: found.start, end: found.end });
    return found?.value;
  };
  const root = visit('catalog', xref.trailer.get(name('Root')));
  if (!(root instanceof PDFDict)) throw new Error('the trailer names no document catalog (/Root)');
  const form = visit('form', root.get(name('AcroForm')));
  const fields = form instanceof PDFDict ? visit('fields', form.get(name('Fields'))) : undefined;
  const seen = new Set<PDFRef>();
  const values = new Set<PDFRef>();
  const walk = (ref: PDFObject | undefined, inheritedType: PDFObject | undefined, parent: string, depth: number) => {
    if (depth > MAX_DEPTH) throw new Error(`form fields nest deeper than ${MAX_DEPTH} levels`);
    if (ref instanceof PDFRef) {
      if (seen.has(ref)) return;
      seen.add(ref);
    }
    const field = visit('field', ref);
    if (!(field instanceof PDFDict)) return;
    const type = field.get(name('FT')) ?? inheritedType;
    const partial = text(field.get(name('T')));
    const full = partial === undefined ? parent : parent ? `${parent}.${partial}` : partial;
    const value = field.get(name('V'));
    if (type === name('Sig') && value !== undefined) {
      if (!(value instanceof PDFRef)) throw new Error(`the signature field ${full || '(unnamed)'} holds its signature directly, not as an object of its own`);
      if (!values.has(value)) {
        values.add(value);
        const dict = xref.resolve(value, { positions: true });
        if (!dict || !(dict.value instanceof PDFDict)) throw new Error(`the signature of field ${full || '(unnamed)'} is not a dictionary`);
        signatures.push({ name: full, dict });
      }
    }
    const kids = visit('kids', field.get(name('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) walk(kid, type, full, depth + 1);
  };
  if (fields instanceof PDFArray) for (const f of fields.asArray()) walk(f, undefined, '', 0);
  return { xref, signatures, path };
}

const isHexDigit = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

/** The length of the DER element at the start of `buf`, or undefined when its header is not DER. */
function derLength(buf: Buffer): number | undefined {
  const first = buf[1];
  if (first === undefined) return undefined;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || buf.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[2 + i]!;
  return 2 + n + len;
}

/**
 * Checks that a signature covers the whole file but its own /Contents: /ByteRange is
 * [0 b c d] with c + d the file's length, bytes b..c are exactly the /Contents hex
 * string of this signature dictionary (`<`, hex digits, `>`), and the cross-reference the file
 * is read through, and every object on the way to the signature, lie in the signed bytes.
 */
export function signedRanges(pdf: Uint8Array, found: PdfSignatures, signature: SignatureField): SignedRanges {
  const problems: Phrase[] = [];
  const entries = signature.dict.entries;
  if (!entries) return { ranges: [], cms: undefined, problems: [phrase('verify.sig.dict-compressed')] };
  const range = entries.get('ByteRange')?.value;
  const contents = entries.get('Contents');
  const numbers = range instanceof PDFArray ? range.asArray().map((n) => (n instanceof PDFNumber && Number.isInteger(n.asNumber()) && n.asNumber() >= 0 ? n.asNumber() : undefined)) : [];
  if (numbers.length !== 4 || numbers.some((n) => n === undefined)) {
    return { ranges: [], cms: undefined, problems: [phrase('verify.sig.byterange-shape')] };
  }
  const [a, b, c, d] = numbers as [number, number, number, number];
  const size = pdf.length;
  if (a !== 0 || b < 1 || c <= b || c + d > size) {
    return { ranges: [], cms: undefined, problems: [phrase('verify.sig.byterange-misfit', { range: `[${a} ${b} ${c} ${d}]`, size: String(size) })] };
  }
  const ranges: [number, number][] = [[0, b], [c, c + d]];
  if (c + d < size) problems.push(phrase('verify.sig.appended', { bytes: String(size - (c + d)) }));
  if (!contents || !(contents.value instanceof PDFHexString)) {
    problems.push(phrase('verify.sig.no-contents'));
  } else if (contents.start !== b || contents.end !== c) {
    problems.push(phrase('verify.sig.gap-not-contents', { from: String(b), to: String(c), start: String(contents.start), end: String(contents.end) }));
  }
  const gap = Buffer.from(pdf.buffer, pdf.byteOffset + b, c - b);
  let cms: Buffer | undefined;
  const bad = gap.findIndex((byte, i) => (i === 0 ? byte !== 0x3c : i === gap.length - 1 ? byte !== 0x3e : !isHexDigit(byte)));
  if (bad >= 0) {
    problems.push(phrase('verify.sig.gap-not-hex', { byte: `0x${gap[bad]!.toString(16).padStart(2, '0')}`, at: String(b + bad) }));
  } else if ((gap.length - 2) % 2 !== 0) {
    problems.push(phrase('verify.sig.odd-hex'));
  } else {
    const bytes = Buffer.from(gap.subarray(1, -1).toString('latin1'), 'hex');
    const length = derLength(bytes);
    if (length === undefined || length > bytes.length) problems.push(phrase('verify.sig.not-der'));
    else if (bytes.subarray(length).some((x) => x !== 0)) problems.push(phrase('verify.sig.padding'));
    else cms = bytes.subarray(0, length);
  }
  const signed = (start: number, end: number) => ranges.some(([s, e]) => start >= s && end <= e);
  const { xref } = found;
  // After an append, the sections and objects the file is read through are the appended ones:
  // the message above says all there is to say.
  if (c + d === size) {
    if (!signed(xref.startxref.at, size)) problems.push(phrase('verify.sig.startxref-unsigned'));
    for (const section of xref.sections) {
      if (!signed(section.start, section.end)) problems.push(phrase('verify.sig.xref-unsigned', { at: String(section.start) }));
    }
    for (const p of found.path) {
      if (!signed(p.start, p.end)) problems.push(phrase('verify.sig.object-unsigned', { what: phrase(`verify.object.${p.what}`), start: String(p.start), end: String(p.end) }));
    }
    if (!(signature.dict.start < b && signature.dict.end > c) || !signed(signature.dict.start, b) || !signed(c, signature.dict.end)) {
      problems.push(phrase('verify.sig.dict-unsigned'));
    }
  }
  return { ranges, cms, problems };
}
