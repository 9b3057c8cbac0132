import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer as SignPdfSigner } from '@signpdf/utils';
import type { PDFDocument } from 'pdf-lib';
import { PreceptError } from '../../core/errors.js';
import { detachedSignature, type SigningKey } from './cms.js';
import type { Signer } from './signer.js';

/** @signpdf's signer interface over precept's native CMS signature. */
class KeySigner extends SignPdfSigner {
  constructor(private readonly key: SigningKey) {
    super();
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    return detachedSignature(pdf, this.key, signingTime ?? new Date());
  }
}
import { SAVE } from '../pdf/pdf-options.js';

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
    return await new SignPdf().sign(Buffer.from(unsigned), new KeySigner(signer.key), details.signingTime);
  } catch (error) {
    throw new PreceptError(`signing failed: ${(error as Error).message}`, { cause: error });
  }
}
