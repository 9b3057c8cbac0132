import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import { VERSION } from '../cli/version.js';

/** Document information written into every PDF precept makes. */
export interface DocumentInfo {
  title: string;
  author: string;
  subject?: string;
  keywords?: string[];
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
  doc.setCreator(PDF_CREATOR);
  doc.setProducer(PDF_CREATOR);
  doc.setCreationDate(time);
  doc.setModificationDate(time);
  const id = createHash('sha256').update(idSeed).digest('hex').slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

/** A normalized PDF and its page count. */
export interface NormalizedPdf {
  bytes: Uint8Array;
  pages: number;
}

/** Rewrites Chromium's PDF with fixed dates, metadata and /ID (see stampIdentity). */
export async function normalizePdf(raw: Uint8Array, info: DocumentInfo, time: Date, idSeed: string): Promise<NormalizedPdf> {
  const doc = await PDFDocument.load(raw, { updateMetadata: false });
  stampIdentity(doc, info, time, idSeed);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  return { bytes, pages: doc.getPageCount() };
}
