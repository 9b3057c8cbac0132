import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import { detachedSignature, type SigningKey } from '../../src/render/sign/cms.js';
import { phrase } from '../../src/core/i18n/phrase.js';
import { verifySignedData } from '../../src/render/sign/cms-verify.js';
import { PdfObjectReader } from '../../src/render/sign/pdf-object-reader.js';
import { findSignatures } from '../../src/render/sign/pdf-signature-dict.js';

// Attacks on signed PDFs, built from a real signed pack, for the regression tests of
// `precept verify`. The signed file is read with precept's own structural reader (it is sound);
// what is built is what an attacker would write.

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** What the tests need to know of a signed file: its byte range, signature and cross-reference. */
function anatomy(pdf: Buffer) {
  const found = findSignatures(pdf);
  const signature = found.signatures[0]!;
  const range = signature.dict.entries!.get('ByteRange')!;
  const contents = signature.dict.entries!.get('Contents')!;
  const table = PdfObjectReader.over(pdf).xrefTableAt(found.xref.startxref.offset);
  const catalog = found.xref.resolve(found.xref.trailer.get(PDFName.of('Root')))!.value as PDFDict;
  const pages = found.xref.resolve(catalog.get(PDFName.of('Pages')))!.value as PDFDict;
  const firstPage = (pages.get(PDFName.of('Kids')) as PDFArray).get(0) as PDFRef;
  const form = found.xref.resolve(catalog.get(PDFName.of('AcroForm')))!.value as PDFDict;
  return {
    found, signature, range, b: contents.start, c: contents.end, table, firstPage, pagesRef: catalog.get(PDFName.of('Pages')) as PDFRef,
    formRef: catalog.get(PDFName.of('AcroForm')) as PDFRef, form,
  };
}

/** The reference of the signature dictionary (the signed field's /V). */
function signatureRef(found: ReturnType<typeof findSignatures>): PDFRef {
  const catalog = found.xref.resolve(found.xref.trailer.get(PDFName.of('Root')))!.value as PDFDict;
  const form = found.xref.resolve(catalog.get(PDFName.of('AcroForm')))!.value as PDFDict;
  const field = found.xref.resolve((form.get(PDFName.of('Fields')) as PDFArray).get(0))!.value as PDFDict;
  return field.get(PDFName.of('V')) as PDFRef;
}

/** A classic xref table over `offsets` (object number -> offset) and its trailer. */
function xrefTable(offsets: Map<number, number>, size: number, trailer: PDFDict): string {
  const rows = ['0000000000 65535 f \n'];
  for (let n = 1; n < size; n++) {
    const at = offsets.get(n);
    rows.push(at === undefined ? '0000000000 65535 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`);
  }
  trailer.set(PDFName.of('Size'), PDFNumber.of(size));
  return `xref\n0 ${size}\n${rows.join('')}trailer\n${trailer.toString()}\n`;
}

const FORGED_PAGE_TEXT = 'BT /F1 36 Tf 72 600 Td (FORGED PAGE) Tj ET';

/**
 * The signature-wrapping forgery: the signed tail moves to the end of the file, and the gap the
 * signature leaves out grows to hold a new cross-reference table (at the offset the signed
 * `startxref` still names), a forged first page, and a copy of the signature dictionary whose
 * /ByteRange points at the moved tail. The signed bytes are unchanged, so a verifier that takes
 * "the last /ByteRange" from the bytes finds the signature valid while readers show the forgery.
 */
export function signatureWrappingForgery(pdf: Buffer): Buffer {
  const a = anatomy(pdf);
  const { b, c } = a;
  const size = Number((a.found.xref.trailer.get(PDFName.of('Size')) as PDFNumber).asNumber());
  const [content, font] = [size, size + 1];
  const X = a.found.xref.startxref.offset;
  const head = pdf.subarray(0, c);
  const tail = pdf.subarray(c);
  const sigDict = pdf.subarray(a.signature.dict.start, a.signature.dict.end).toString('latin1');
  const rangeAt = a.range.start - a.signature.dict.start;
  const rangeWidth = a.range.end - a.range.start;
  const pageRef = a.firstPage;
  const sigRef = signatureRef(a.found);
  // Laid out twice: first to measure (the copied /ByteRange keeps its width), then for real.
  const build = (newC: number) => {
    const padding = '\n'.padEnd(X - c, ' ');
    const objects: [number, string][] = [
      [content, `${content} 0 obj\n<< /Length ${FORGED_PAGE_TEXT.length} >>\nstream\n${FORGED_PAGE_TEXT}\nendstream\nendobj\n`],
      [font, `${font} 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n`],
      [pageRef.objectNumber, `${pageRef.objectNumber} 0 obj\n<< /Type /Page /Parent ${a.pagesRef.toString()} /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>\nendobj\n`],
      [sigRef.objectNumber, `${sigDict.slice(0, rangeAt)}${`[0 ${b} ${newC} ${tail.length}]`.padEnd(rangeWidth, ' ')}${sigDict.slice(rangeAt + rangeWidth)}\n`],
    ];
    const offsets = new Map<number, number>();
    for (const row of a.table.rows) if (row.inUse) offsets.set(row.objectNumber, row.offset < b ? row.offset : row.offset + (newC - c));
    const tableLength = xrefTable(offsets, size + 2, a.found.xref.trailer).length;
    let at = X + tableLength;
    for (const [n, text] of objects) {
      offsets.set(n, at);
      at += text.length;
    }
    const table = xrefTable(offsets, size + 2, a.found.xref.trailer);
    return latin1(`${padding}${table}${objects.map(([, t]) => t).join('')}\n`);
  };
  const measured = build(0).length;
  const middle = build(c + measured);
  return Buffer.concat([head, middle, tail]);
}

/** An incremental update: `objects` (number -> body) appended with a cross-reference section chained by /Prev. */
export function incrementalUpdate(pdf: Buffer, objects: Map<number, string>): Buffer {
  const found = findSignatures(pdf);
  const size = (found.xref.trailer.get(PDFName.of('Size')) as PDFNumber).asNumber();
  let at = pdf.length + 1;
  const parts = ['\n'];
  const rows: string[] = [];
  for (const [n, body] of [...objects].sort(([x], [y]) => x - y)) {
    const text = `${n} 0 obj\n${body}\nendobj\n`;
    rows.push(`${n} 1\n${String(at).padStart(10, '0')} 00000 n \n`);
    parts.push(text);
    at += text.length;
  }
  const trailer = found.xref.trailer;
  trailer.set(PDFName.of('Size'), PDFNumber.of(Math.max(size, ...[...objects.keys()].map((n) => n + 1))));
  trailer.set(PDFName.of('Prev'), PDFNumber.of(found.xref.startxref.offset));
  parts.push(`xref\n${rows.join('')}trailer\n${trailer.toString()}\nstartxref\n${at}\n%%EOF\n`);
  return Buffer.concat([pdf, latin1(parts.join(''))]);
}

/**
 * A second signature, added the way signing tools add one: an incremental update with a new
 * signature field (the form's /Fields extended) whose signature covers the whole file so far.
 */
export async function addSecondSignature(pdf: Buffer, key: SigningKey): Promise<Buffer> {
  const a = anatomy(pdf);
  const size = (a.found.xref.trailer.get(PDFName.of('Size')) as PDFNumber).asNumber();
  const [widget, sig] = [size, size + 1];
  const fields = (a.form.get(PDFName.of('Fields')) as PDFArray).asArray().map((f) => f.toString());
  const placeholder = '0'.repeat(16_384);
  const updated = incrementalUpdate(pdf, new Map([
    [a.formRef.objectNumber, `<< /Fields [ ${[...fields, `${widget} 0 R`].join(' ')} ] /SigFlags 3 >>`],
    [widget, `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /T (Signature2) /F 4 /P ${a.firstPage.toString()} /V ${sig} 0 R >>`],
    [sig, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <${placeholder}> >>`],
  ]));
  const b = updated.lastIndexOf(`<${placeholder}>`);
  const c = b + placeholder.length + 2;
  const rangeAt = updated.lastIndexOf('[0 0000000000 0000000000 0000000000]');
  updated.write(`[0 ${b} ${c} ${updated.length - c}]`.padEnd(36, ' '), rangeAt, 'latin1');
  const cms = await detachedSignature([updated.subarray(0, b), updated.subarray(c)], key, new Date('2026-10-01T00:00:00Z'));
  updated.write(cms.toString('hex'), b + 1, 'latin1');
  return updated;
}

/** The same document signed again with another key: the signed bytes unchanged, a new CMS in /Contents. */
export async function resign(pdf: Buffer, key: SigningKey, signingTime: Date): Promise<Buffer> {
  const { b, c } = anatomy(pdf);
  const out = Buffer.from(pdf);
  const cms = await detachedSignature([out.subarray(0, b), out.subarray(c)], key, signingTime);
  out.write(cms.toString('hex').padEnd(c - b - 2, '0'), b + 1, 'latin1');
  return out;
}

/** The byte range and gap of the (first) signature, for tampering with the gap. */
export function signatureGap(pdf: Buffer): { b: number; c: number } {
  const { b, c } = anatomy(pdf);
  return { b, c };
}

/**
 * What `precept verify` did before it read the document's structure: the last /ByteRange in the
 * bytes, /Contents hex-decoded up to the first non-hex character, the gap never checked, then the
 * CMS checked over those ranges. Kept here to show that the attacks fool it, so the regression
 * tests test the right thing.
 */
export function naiveByteRangeCheck(pdf: Buffer): { valid: boolean; coversFile: boolean } {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 200))!;
  const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
  const padded = Buffer.from(text.slice(b, c).replace(/^</, '').replace(/>$/, ''), 'hex');
  const length = padded[1]! < 0x80 ? 2 + padded[1]! : 2 + (padded[1]! & 0x7f) + padded.subarray(2, 2 + (padded[1]! & 0x7f)).readUIntBE(0, padded[1]! & 0x7f);
  const cms = verifySignedData(padded.subarray(0, length), { subject: phrase('verify.it.signature'), detached: [pdf.subarray(a, a + b), pdf.subarray(c, c + d)], contentChanged: phrase('verify.sig.content-changed') });
  const coversFile = a === 0 && c + d === pdf.length;
  return { valid: coversFile && cms.problems.length === 0, coversFile };
}
