import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { PreceptError } from '../../core/errors.js';
import { CrossReference, inflateStream } from '../sign/pdf-xref.js';

/**
 * The most an attachment may inflate to. A pack's manifest is a few hundred kilobytes even for
 * thousands of policies; a hostile PDF's few kilobytes of Deflate can otherwise inflate into all
 * the memory there is (pdf-lib's own decoder has no limit).
 */
export const MAX_ATTACHMENT_BYTES = 64 << 20;

/** The most nodes of the EmbeddedFiles name tree read (a pack has one). */
const MAX_TREE_NODES = 10_000;

/** An attachment that is there but cannot be read within precept's limits. */
export class AttachmentError extends PreceptError {
  override readonly name: string = 'AttachmentError';
}

/** An attached file's bytes: stored as is or with FlateDecode (what PDF writers use for attachments), capped. */
function decodeAttachment(stream: PDFRawStream, fileName: string): Uint8Array {
  try {
    return inflateStream(stream, MAX_ATTACHMENT_BYTES);
  } catch (error) {
    throw new AttachmentError(`the attached ${fileName} ${(error as Error).message}`);
  }
}

/**
 * Reads a file attached to a PDF (its EmbeddedFiles name tree) by name, or undefined. Follows the
 * file's own cross-reference from the trailer to the one stream (CrossReference, which inflates
 * with a cap too) instead of parsing every object: a hostile pack's other streams are never
 * decoded. Throws AttachmentError when the file is there but too large or in a form precept does
 * not read, and an Error when the PDF's structure cannot be followed.
 */
export async function readAttachment(pdf: Uint8Array, fileName: string): Promise<Uint8Array | undefined> {
  const xref = CrossReference.read(pdf);
  const dict = (object: PDFObject | undefined): PDFDict | undefined => {
    const value = xref.resolve(object)?.value;
    return value instanceof PDFDict ? value : undefined;
  };
  const array = (object: PDFObject | undefined): PDFArray | undefined => {
    const value = xref.resolve(object)?.value;
    return value instanceof PDFArray ? value : undefined;
  };
  const catalog = dict(xref.trailer.get(PDFName.of('Root')));
  const tree = dict(catalog?.get(PDFName.of('Names')))?.get(PDFName.of('EmbeddedFiles'));
  // A name tree's nodes may point at one another: each node is read once, and only so many.
  const seen = new Set<number>();
  const search = (ref: PDFObject | undefined, depth: number): Uint8Array | undefined => {
    if (depth > 8) return undefined;
    if (ref instanceof PDFRef) {
      if (seen.has(ref.objectNumber)) return undefined;
      seen.add(ref.objectNumber);
      if (seen.size > MAX_TREE_NODES) throw new AttachmentError(`the PDF's list of attached files has more than ${MAX_TREE_NODES} nodes`);
    }
    const node = dict(ref);
    if (!node) return undefined;
    const pairs = array(node.get(PDFName.of('Names')));
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const key = xref.resolve(pairs.get(i))?.value;
      const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : undefined;
      if (name !== fileName) continue;
      const stream = xref.resolve(dict(dict(pairs.get(i + 1))?.get(PDFName.of('EF')))?.get(PDFName.of('F')))?.value;
      return stream instanceof PDFRawStream ? decodeAttachment(stream, fileName) : undefined;
    }
    const kids = array(node.get(PDFName.of('Kids')));
    for (let i = 0; kids && i < kids.size(); i++) {
      const found = search(kids.get(i), depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(tree, 0);
}
