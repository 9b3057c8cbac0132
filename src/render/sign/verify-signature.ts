import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { certificateInfo, type CertificateInfo } from './signer.js';

/** The outcome of checking a PDF's embedded signature. */
export interface SignatureCheck {
  /** Whether the file has a signature at all. */
  signed: boolean;
  /** The signature is intact, matches the signed bytes, and covers the whole file. */
  valid: boolean;
  signer: CertificateInfo | undefined;
  signingTime: Date | undefined;
  /** Everything that is wrong, in plain words (empty when valid). */
  problems: string[];
}

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

type Node = forge.asn1.Asn1;
const children = (n: Node | undefined): Node[] => (n && Array.isArray(n.value) ? (n.value as Node[]) : []);
const bytesOf = (n: Node | undefined): Buffer => Buffer.from(typeof n?.value === 'string' ? n.value : '', 'binary');
const oidOf = (n: Node | undefined): string => (typeof n?.value === 'string' ? forge.asn1.derToOid(n.value) : '');
const der = (n: Node): Buffer => Buffer.from(forge.asn1.toDer(n).getBytes(), 'binary');

/** The last signature in a file: its byte range and the DER of its /Contents. */
function findSignature(pdf: Buffer): { range: number[]; contents: Buffer } | undefined {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at < 0) return undefined;
  const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 200));
  if (!m) return undefined;
  const range = m.slice(1, 5).map(Number);
  const [, b, c] = range as [number, number, number, number];
  const padded = Buffer.from(text.slice(b, c).replace(/^</, '').replace(/>$/, ''), 'hex');
  return { range, contents: padded.subarray(0, derLength(padded)) };
}

/** The length of the DER element at the start of a buffer (the placeholder is padded with zeros after it). */
function derLength(buf: Buffer): number {
  const first = buf[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (buf[2 + i] ?? 0);
  return Math.min(buf.length, 2 + n + len);
}

/**
 * Checks the embedded signature of a PDF without outside tools: the byte range covers the whole
 * file (nothing appended after signing), the signed message digest equals the SHA-256 of those
 * bytes, and the signer's certificate verifies the signed attributes. Trust in the certificate
 * itself (who issued it) is reported, not judged: that is the auditor's call.
 */
export function checkPdfSignature(pdf: Buffer): SignatureCheck {
  const found = findSignature(pdf);
  if (!found) return { signed: false, valid: false, signer: undefined, signingTime: undefined, problems: ['the PDF is not signed'] };
  const problems: string[] = [];
  const [a, b, c, d] = found.range as [number, number, number, number];
  if (a !== 0 || c + d !== pdf.length || b > c) {
    problems.push(`the signature covers bytes ${a}-${a + b} and ${c}-${c + d} of ${pdf.length}: the file was changed after it was signed`);
  }
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  let signer: CertificateInfo | undefined;
  let signingTime: Date | undefined;
  try {
    const root = forge.asn1.fromDer(forge.util.createBuffer(found.contents.toString('binary')), false);
    if (oidOf(children(root)[0]) !== OID_SIGNED_DATA) throw new Error('not PKCS#7 signed data');
    const signedData = children(children(root)[1])[0];
    const parts = children(signedData);
    const certSet = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
    const signerInfo = children(parts[parts.length - 1])[0];
    if (!signerInfo) throw new Error('no signer in the signature');
    const si = children(signerInfo);
    const serial = bytesOf(children(si[1])[1]).toString('hex').replace(/^0+/, '').toUpperCase();
    const digestName = DIGESTS[oidOf(children(si[2])[0])];
    if (!digestName) throw new Error('unsupported digest algorithm');
    const attrs = si.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
    if (!attrs) throw new Error('no signed attributes');
    const signature = bytesOf(si.find((p, i) => i > 3 && p.tagClass === forge.asn1.Class.UNIVERSAL && p.type === forge.asn1.Type.OCTETSTRING));
    const certs = children(certSet).map((n) => new X509Certificate(der(n)));
    const cert = certs.find((x) => x.serialNumber.replace(/^0+/, '').toUpperCase() === serial) ?? certs[0];
    if (!cert) throw new Error('the signature carries no certificate');
    signer = certificateInfo(Buffer.from(cert.raw));
    let messageDigest: Buffer | undefined;
    for (const attr of children(attrs)) {
      const [type, values] = children(attr);
      const value = children(values)[0];
      if (oidOf(type) === OID_MESSAGE_DIGEST) messageDigest = bytesOf(value);
      if (oidOf(type) === OID_SIGNING_TIME && typeof value?.value === 'string') {
        signingTime = value.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(value.value) : forge.asn1.generalizedTimeToDate(value.value);
      }
    }
    const actual = createHash(digestName).update(signed).digest();
    if (!messageDigest || !messageDigest.equals(actual)) {
      problems.push('the document does not match its signature: its content changed after signing');
    }
    // The signature is over the DER of the attributes as a SET (RFC 5652 5.4), not the [0] tag.
    const attrsAsSet = der(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, children(attrs)));
    if (!verifySignature(digestName, attrsAsSet, cert.publicKey, signature)) {
      problems.push(`the signature does not verify with the certificate of ${signer.name}`);
    }
  } catch (error) {
    problems.push(`the signature cannot be read: ${(error as Error).message}`);
  }
  return { signed: true, valid: problems.length === 0, signer, signingTime, problems };
}
