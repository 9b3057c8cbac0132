import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { VERSION } from '../../core/version.js';
import { LOAD, SAVE } from './pdf-options.js';

/** Document information written into every PDF precept makes. */
export interface DocumentInfo {
  title: string;
  author: string;
  subject?: string;
  keywords?: string[];
  /** The document's language (BCP 47), written as the catalog's /Lang for screen readers and text extraction. */
  lang?: string;
}

/** The Creator and Producer precept writes, fixed so output does not depend on the Chromium build's user agent. */
export const PDF_CREATOR = `precept ${VERSION}`;

/**
 * Sets a loaded document's dates, identity and metadata so the same inputs give the same bytes:
 * Chromium stamps the clock and its user agent; these become the build time, precept, and an
 * /ID derived from `idSeed` (the content), never random.
 */
export function stampIdentity(doc: PDFDocument, info: DocumentInfo, time: Date, idSeed: string): void {
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  if (info.subject) doc.setSubject(info.subject);
  if (info.keywords?.length) doc.setKeywords(info.keywords);
  if (info.lang) doc.setLanguage(info.lang);
  doc.setCreator(PDF_CREATOR);
  doc.setProducer(PDF_CREATOR);
  doc.setCreationDate(time);
  doc.setModificationDate(time);
  const id = createHash('sha256').update(idSeed).digest('hex').slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

/**
 * Renumbers the ids of tagged-PDF structure elements. Chromium names them after DOM node ids
 * (`node00002405`), which depend on what the renderer printed before: the same document printed
 * in another order would differ. They become `s0000001`, ... in their original order, so the
 * structure tree's IDTree (a name tree, sorted by key) stays sorted.
 */
export function canonicalizeStructureIds(doc: PDFDocument): void {
  const ID = PDFName.of('ID');
  const A = PDFName.of('A');
  const HEADERS = PDFName.of('Headers');
  const NAMES = PDFName.of('Names');
  const LIMITS = PDFName.of('Limits');
  const STRUCT_ELEM = PDFName.of('StructElem');
  const text = (v: unknown) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);
  const dicts = [...doc.context.enumerateIndirectObjects()].map(([, o]) => o).filter((o): o is PDFDict => o instanceof PDFDict);
  const original = new Set<string>();
  for (const d of dicts) {
    const id = d.get(PDFName.Type) === STRUCT_ELEM ? text(d.get(ID)) : undefined;
    if (id !== undefined) original.add(id);
  }
  if (!original.size) return;
  const byNumber = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const mapping = new Map([...original].sort(byNumber).map((id, i) => [id, PDFString.of(`s${String(i + 1).padStart(7, '0')}`)]));
  const swapIn = (array: PDFArray) => {
    for (let i = 0; i < array.size(); i++) {
      const next = mapping.get(text(array.get(i)) ?? '');
      if (next) array.set(i, next);
    }
  };
  for (const d of dicts) {
    const id = mapping.get(text(d.get(ID)) ?? '');
    if (id && d.get(PDFName.Type) === STRUCT_ELEM) d.set(ID, id);
    const attrs = d.get(A);
    for (const attr of attrs instanceof PDFArray ? attrs.asArray() : [attrs]) {
      const headers = attr instanceof PDFDict ? attr.get(HEADERS) : undefined;
      if (headers instanceof PDFArray) swapIn(headers);
    }
    // IDTree nodes: keys in /Names (every other entry) and /Limits.
    for (const key of [NAMES, LIMITS]) {
      const array = d.get(key);
      if (array instanceof PDFArray) swapIn(array);
    }
  }
}

/** A normalized PDF and its page count. */
export interface NormalizedPdf {
  bytes: Uint8Array;
  pages: number;
}

/** Rewrites Chromium's PDF with fixed dates, metadata and /ID (see stampIdentity). */
export async function normalizePdf(raw: Uint8Array, info: DocumentInfo, time: Date, idSeed: string): Promise<NormalizedPdf> {
  const doc = await PDFDocument.load(raw, LOAD);
  canonicalizeStructureIds(doc);
  stampIdentity(doc, info, time, idSeed);
  const bytes = await doc.save(SAVE);
  return { bytes, pages: doc.getPageCount() };
}
