import { PDFName } from 'pdf-lib';
import { phrase, type Phrase } from '../../core/i18n/phrase.js';
import { der, OID } from './asn1.js';
import { verifySignedData } from './cms-verify.js';
import { findSignatures, signedRanges, type PdfSignatures } from './pdf-signature-dict.js';
import { certificateInfo, type CertificateInfo } from './signer.js';
import { checkTimestampToken, type TimestampCheck } from './timestamp-token.js';

/** The outcome of checking a PDF's embedded signature. */
export interface SignatureCheck {
  /** Whether the file has a signature at all. */
  signed: boolean;
  /** The signature (and its timestamp, if any) is intact, matches the signed bytes, and covers the whole file. */
  valid: boolean;
  signer: CertificateInfo | undefined;
  /** The signing time the signer's own clock wrote into the signature: a claim, not a trusted time. */
  signingTime: Date | undefined;
  /** The RFC 3161 timestamp token on the signature, when there is one: the trusted time. */
  timestamp: TimestampCheck | undefined;
  /** Everything that is wrong, as phrases for the reader's catalogue (empty when valid). */
  problems: Phrase[];
}

const SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

/**
 * Checks the embedded signature of a PDF without outside tools. The signature is found through
 * the document's structure (the last cross-reference, the catalog's form fields), never by
 * searching the bytes; there must be exactly one. Its /ByteRange must cover every byte of the
 * file except its own /Contents hex string, and the signed message digest must equal the digest
 * of those bytes, signed by the certificate it carries. A timestamp token on it must verify too.
 * Trust in the certificates themselves (who issued them) is reported, not judged: that is the
 * auditor's call.
 */
export function checkPdfSignature(pdf: Buffer): SignatureCheck {
  const result: SignatureCheck = { signed: true, valid: false, signer: undefined, signingTime: undefined, timestamp: undefined, problems: [] };
  let found: PdfSignatures;
  try {
    found = findSignatures(pdf);
  } catch (error) {
    result.problems.push(phrase('verify.sig.structure', { detail: (error as Error).message }));
    return result;
  }
  const { signatures } = found;
  if (signatures.length === 0) return { ...result, signed: false, problems: [phrase('verify.sig.unsigned')] };
  if (signatures.length > 1) {
    result.problems.push(phrase('verify.sig.several', { count: signatures.length, names: signatures.map((s) => s.name || '-').join(', ') }));
    return result;
  }
  const signature = signatures[0]!;
  const subFilter = signature.dict.entries?.get('SubFilter')?.value;
  const kind = subFilter instanceof PDFName ? subFilter.decodeText() : undefined;
  if (!kind || !SUBFILTERS.has(kind)) result.problems.push(phrase('verify.sig.kind', { kind: kind ?? phrase('verify.none') }));
  const coverage = signedRanges(pdf, found, signature);
  result.problems.push(...coverage.problems);
  if (coverage.cms) {
    const cms = verifySignedData(coverage.cms, {
      subject: phrase('verify.it.signature'),
      detached: coverage.ranges.map(([start, end]) => pdf.subarray(start, end)),
      contentChanged: phrase('verify.sig.content-changed'),
    });
    result.problems.push(...cms.problems);
    result.signer = cms.certificate ? certificateInfo(Buffer.from(cms.certificate.raw)) : undefined;
    result.signingTime = cms.signingTime;
    const token = cms.unsignedAttributes.get(OID.timeStampToken);
    if (token) {
      result.timestamp = checkTimestampToken(der(token), cms.signatureValue);
      result.problems.push(...result.timestamp.problems);
    }
  }
  result.valid = result.problems.length === 0;
  return result;
}
