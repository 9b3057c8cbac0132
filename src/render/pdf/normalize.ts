import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
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
 * (`node00002405`), which depend on what the renderer did before, even within one document (the
 * order ids are handed out changes with when fonts finish loading). They become `s0000001`, ...
 * in the order the elements come in the structure tree, and the IDTree (a name tree, sorted by
 * key) is rewritten in place in that order.
 */
export function canonicalizeStructureIds(doc: PDFDocument): void {
  const ID = PDFName.of('ID');
  const A = PDFName.of('A');
  const K = PDFName.of('K');
  const HEADERS = PDFName.of('Headers');
  const NAMES = PDFName.of('Names');
  const KIDS = PDFName.of('Kids');
  const LIMITS = PDFName.of('Limits');
  const STRUCT_ELEM = PDFName.of('StructElem');
  const text = (v: unknown) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);
  const dict = (v: unknown) => {
    const o = v instanceof PDFRef ? doc.context.lookup(v) : v;
    return o instanceof PDFDict ? o : undefined;
  };
  const root = dict(doc.catalog.get(PDFName.of('StructTreeRoot')));
  if (!root) return;
  // Elements with an id, in structure-tree order (depth first, children in /K order).
  const ordered: string[] = [];
  const seen = new Set<PDFDict>();
  const walk = (node: unknown) => {
    if (node instanceof PDFArray) {
      for (const kid of node.asArray()) walk(kid);
      return;
    }
    const d = dict(node);
    if (!d || seen.has(d)) return;
    seen.add(d);
    const id = d.get(PDFName.Type) === STRUCT_ELEM || d.get(PDFName.of('S')) ? text(d.get(ID)) : undefined;
    if (id !== undefined) ordered.push(id);
    walk(d.get(K));
  };
  walk(root.get(K));
  const dicts = [...doc.context.enumerateIndirectObjects()].map(([, o]) => o).filter((o): o is PDFDict => o instanceof PDFDict);
  // Any element the walk did not reach keeps a place after the others, by its number.
  const byNumber = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const inOrder = new Set(ordered);
  const stray = dicts.map((d) => (d.get(PDFName.Type) === STRUCT_ELEM ? text(d.get(ID)) : undefined)).filter((id): id is string => id !== undefined && !inOrder.has(id)).sort(byNumber);
  const mapping = new Map([...new Set([...ordered, ...stray])].map((id, i) => [id, `s${String(i + 1).padStart(7, '0')}`]));
  if (!mapping.size) return;
  const renamed = (v: unknown) => mapping.get(text(v) ?? '');
  for (const d of dicts) {
    const id = renamed(d.get(ID));
    if (id && d.get(PDFName.Type) === STRUCT_ELEM) d.set(ID, PDFString.of(id));
    const attrs = d.get(A);
    for (const attr of attrs instanceof PDFArray ? attrs.asArray() : [attrs]) {
      const headers = attr instanceof PDFDict ? attr.get(HEADERS) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i++) {
        const next = renamed(headers.get(i));
        if (next) headers.set(i, PDFString.of(next));
      }
    }
  }
  // The IDTree: every (key, element) pair, renamed and sorted, put back into the same leaves.
  const tree = dict(root.get(PDFName.of('IDTree')));
  if (!tree) return;
  const leaves: PDFDict[] = [];
  const collect = (node: PDFDict) => {
    const names = node.get(NAMES);
    if (names instanceof PDFArray) leaves.push(node);
    const kids = node.get(KIDS);
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) { const d = dict(kid); if (d) collect(d); }
  };
  collect(tree);
  const pairs: [string, PDFObject][] = [];
  for (const leaf of leaves) {
    const names = leaf.get(NAMES) as PDFArray;
    for (let i = 0; i + 1 < names.size(); i += 2) pairs.push([renamed(names.get(i)) ?? text(names.get(i)) ?? '', names.get(i + 1)]);
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let next = 0;
  for (const leaf of leaves) {
    const names = leaf.get(NAMES) as PDFArray;
    const count = Math.floor(names.size() / 2);
    const mine = pairs.slice(next, next + count);
    next += count;
    mine.forEach(([key, value], i) => {
      names.set(2 * i, PDFString.of(key));
      names.set(2 * i + 1, value);
    });
    // The root of a name tree has no /Limits.
    if (mine.length && leaf !== tree) leaf.set(LIMITS, doc.context.obj([PDFString.of(mine[0]![0]), PDFString.of(mine.at(-1)![0])]));
  }
  // Intermediate nodes' /Limits span their kids'.
  const limits = (node: PDFDict): [PDFObject, PDFObject] | undefined => {
    const kids = node.get(KIDS);
    if (!(kids instanceof PDFArray)) {
      const own = node.get(LIMITS);
      return own instanceof PDFArray ? [own.get(0), own.get(1)] : undefined;
    }
    const spans = kids.asArray().map((k) => dict(k)).filter((d): d is PDFDict => d !== undefined).map(limits).filter((l): l is [PDFObject, PDFObject] => l !== undefined);
    if (!spans.length) return undefined;
    const span: [PDFObject, PDFObject] = [spans[0]![0], spans.at(-1)![1]];
    if (node !== tree) node.set(LIMITS, doc.context.obj(span));
    return span;
  };
  limits(tree);
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
