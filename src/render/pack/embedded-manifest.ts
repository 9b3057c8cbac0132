import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { LOAD } from '../pdf/pdf-options.js';

/** Reads a file attached to a PDF (its EmbeddedFiles name tree) by name, or undefined. */
export async function readAttachment(pdf: Uint8Array, fileName: string): Promise<Uint8Array | undefined> {
  // Strict: a broken object is an error here, not a guess pdf-lib logs to the console.
  const doc = await PDFDocument.load(pdf, { ...LOAD, ignoreEncryption: true, throwOnInvalidObject: true });
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const search = (node: PDFDict | undefined, depth: number): Uint8Array | undefined => {
    if (!node || depth > 8) return undefined;
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const key = pairs.lookup(i);
      const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : undefined;
      if (name !== fileName) continue;
      const stream = pairs.lookup(i + 1, PDFDict).lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
      return stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : undefined;
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) {
      const found = search(kids.lookup(i, PDFDict), depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(tree, 0);
}
