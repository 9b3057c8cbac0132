import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { PDFName, PDFArray, type PDFDocument } from 'pdf-lib';
import { PreceptError } from '../../core/errors.js';
import { failure } from '../../core/i18n/failure.js';
import { SAVE } from '../pdf/pdf-options.js';
import { detachedSignature, type Timestamper } from './cms.js';
import { findSignatures } from './pdf-signature-dict.js';
import type { Signer } from './signer.js';
import { requestTimestampToken, type TsaOptions } from './tsa-client.js';

/** Room reserved in /Contents for the CMS signature, in hex digits: 8 KiB, a chain of a few CAs fits. */
export const SIGNATURE_HEX_DIGITS = 16_384;
/** Further room for an RFC 3161 token: 16 KiB, a TSA certificate with its chain. */
export const TIMESTAMP_HEX_DIGITS = 32_768;

/** What the signature dictionary says besides the signature itself. */
export interface SignatureDetails {
  reason: string;
  location: string;
  contactInfo: string;
  /** Written as the signature's /M and its signed signingTime attribute: fixed for reproducible packs. */
  signingTime: Date;
  appName: string;
  /** Timestamp the signature at this authority (PAdES-B-T); the pack then differs on every run. */
  tsa?: TsaOptions | undefined;
}

/**
 * Puts the signature into the saved file: finds the one signature dictionary through the
 * document's structure, writes its /ByteRange (the whole file but the /Contents string) and the
 * CMS signature over those bytes, hex-encoded and zero-padded, into /Contents.
 */
async function fillPlaceholder(pdf: Buffer, sign: (parts: Buffer[]) => Promise<Buffer>): Promise<Buffer> {
  const { signatures } = findSignatures(pdf);
  const placeholders = signatures.filter((s) => {
    const range = s.dict.entries?.get('ByteRange')?.value;
    return range instanceof PDFArray && range.get(1) instanceof PDFName;
  });
  if (placeholders.length !== 1 || signatures.length !== 1) throw new Error(`expected one signature placeholder, found ${placeholders.length} among ${signatures.length} signatures`);
  const entries = placeholders[0]!.dict.entries!;
  const range = entries.get('ByteRange')!;
  const contents = entries.get('Contents');
  if (!contents) throw new Error('the signature placeholder has no /Contents');
  const [b, c] = [contents.start, contents.end];
  const byteRange = `[0 ${b} ${c} ${pdf.length - c}]`;
  if (byteRange.length > range.end - range.start) throw new Error('the /ByteRange placeholder is too short');
  pdf.write(byteRange.padEnd(range.end - range.start, ' '), range.start, 'latin1');
  const cms = await sign([pdf.subarray(0, b), pdf.subarray(c)]);
  const room = c - b - 2;
  if (cms.length * 2 > room) {
    throw failure('sign.too-long', { size: cms.length, room: room / 2 });
  }
  pdf.write(cms.toString('hex').padEnd(room, '0'), b + 1, 'latin1');
  return pdf;
}

/**
 * Signs a document: adds an invisible signature field on the first page, serializes without
 * object streams, and embeds a detached PKCS#7 SHA-256 signature (adbe.pkcs7.detached) over the
 * whole file, with an RFC 3161 timestamp token when a TSA is given.
 */
export async function signDocument(doc: PDFDocument, signer: Signer, details: SignatureDetails): Promise<Uint8Array> {
  const tsa = details.tsa;
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: details.reason,
    location: details.location,
    contactInfo: details.contactInfo,
    name: signer.certificate.name,
    signingTime: details.signingTime,
    signatureLength: SIGNATURE_HEX_DIGITS + (tsa ? TIMESTAMP_HEX_DIGITS : 0),
    appName: details.appName,
  });
  const unsigned = Buffer.from(await doc.save(SAVE));
  const timestamp: Timestamper | undefined = tsa ? (value) => requestTimestampToken(value, tsa) : undefined;
  try {
    return await fillPlaceholder(unsigned, (parts) => detachedSignature(parts, signer.key, details.signingTime, timestamp));
  } catch (error) {
    if (error instanceof PreceptError) throw error;
    throw failure('sign.failed', { error: (error as Error).message }, { cause: error });
  }
}
