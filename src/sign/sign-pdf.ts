import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import type { PDFDocument } from 'pdf-lib';
import { PreceptError } from '../errors.js';
import type { Signer } from './signer.js';
import { SAVE } from '../render-pdf/pdf-options.js';

/** Room reserved for the PKCS#7 signature: a certificate chain of a few CAs fits. */
export const SIGNATURE_BYTES = 16_384;

/** What the signature dictionary says besides the signature itself. */
export interface SignatureDetails {
  reason: string;
  location: string;
  contactInfo: string;
  /** Written as the signature's /M and its signed signingTime attribute: fixed for reproducible packs. */
  signingTime: Date;
  appName: string;
}

/**
 * Signs a document: adds an invisible signature field on the first page, serializes without
 * object streams (the placeholder must stay findable), and embeds a detached PKCS#7 SHA-256
 * signature (adbe.pkcs7.detached) over the whole file.
 */
export async function signDocument(doc: PDFDocument, signer: Signer, details: SignatureDetails): Promise<Uint8Array> {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: details.reason,
    location: details.location,
    contactInfo: details.contactInfo,
    name: signer.certificate.name,
    signingTime: details.signingTime,
    signatureLength: SIGNATURE_BYTES,
    appName: details.appName,
  });
  const unsigned = await doc.save(SAVE);
  try {
    const p12 = new P12Signer(signer.p12, { passphrase: signer.passphrase });
    return await new SignPdf().sign(Buffer.from(unsigned), p12, details.signingTime);
  } catch (error) {
    throw new PreceptError(`signing failed: ${(error as Error).message}`, { cause: error });
  }
}
