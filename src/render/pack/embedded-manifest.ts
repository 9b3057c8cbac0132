import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { PreceptError } from '../../core/errors.js';
import { LOAD } from '../pdf/pdf-options.js';

/**
 * The most an attachment may inflate to. A pack's manifest is a few hundred kilobytes even for
 * thousands of policies; a hostile PDF's few kilobytes of Deflate can otherwise inflate into all
 * the memory there is (pdf-lib's own decoder has no limit).
 */
export const MAX_ATTACHMENT_BYTES = 64 << 20;

/** An attachment that is there but cannot be read within precept's limits. */
export class AttachmentError extends PreceptError {
  override readonly name: string = 'AttachmentError';
}

/** An attached file's bytes: stored as is or with FlateDecode (what PDF writers use for attachments), capped. */
function decodeAttachment(stream: PDFRawStream, fileName: string): Uint8Array {
  let filter = stream.dict.get(PDFName.of('Filter'));
  if (filter instanceof PDFArray && filter.size() === 1) filter = filter.get(0);
  if (filter === undefined) {
    if (stream.contents.length > MAX_ATTACHMENT_BYTES) throw new AttachmentError(`the attached ${fileName} is larger than ${MAX_ATTACHMENT_BYTES >> 20} MiB`);
    return stream.contents;
  }
  if (filter !== PDFName.of('FlateDecode')) throw new AttachmentError(`the attached ${fileName} uses the filter ${filter.toString()}, which precept does not read`);
  try {
    return inflateSync(stream.contents, { maxOutputLength: MAX_ATTACHMENT_BYTES });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new AttachmentError(`the attached ${fileName} inflates to more than ${MAX_ATTACHMENT_BYTES >> 20} MiB`);
    throw new AttachmentError(`the attached ${fileName} is not valid Deflate data (${(error as Error).message})`);
  }
}

/**
 * Reads a file attached to a PDF (its EmbeddedFiles name tree) by name, or undefined. Throws
 * AttachmentError when the file is there but too large or in a form precept does not read.
 */
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
      return stream instanceof PDFRawStream ? decodeAttachment(stream, fileName) : undefined;
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
