import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { phrase, type Phrase } from '../../core/i18n/phrase.js';
import { bytesOf, children, der, DIGESTS, fromDer, isContext, isUniversal, OID, oidOf, set, timeOf, Type, type Node } from './asn1.js';

/** What checking a CMS SignedData with one signer found. */
export interface SignedDataCheck {
  /** The certificate that made the signature (found by issuer and serial, or key identifier). */
  certificate: X509Certificate | undefined;
  /** The digest algorithm's name (sha256, ...). */
  digest: string | undefined;
  /** The signingTime signed attribute: the signer's own claim. */
  signingTime: Date | undefined;
  /** The SignerInfo's signature value (what a signature timestamp is over). */
  signatureValue: Buffer;
  /** The encapsulated content's type (id-data for a detached signature). */
  contentType: string;
  /** The encapsulated content, when the signature is not detached. */
  content: Buffer | undefined;
  signedAttributes: Map<string, Node>;
  unsignedAttributes: Map<string, Node>;
  /** Everything that is wrong (empty when the signature verifies), as phrases (catalogue `verify.cms`). */
  problems: Phrase[];
}

/** Signature algorithms Node verifies with the key and the digest alone. */
const SIGNATURE_ALGORITHMS = new Set([
  '1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13', '1.2.840.113549.1.1.5',
  '1.2.840.10045.4.3.2', '1.2.840.10045.4.3.3', '1.2.840.10045.4.3.4',
]);

/** The first value of each attribute in a SET OF Attribute, by OID (a repeated attribute is a problem). */
function attributeMap(attrs: Node | undefined, problems: Phrase[]): Map<string, Node> {
  const map = new Map<string, Node>();
  for (const attr of children(attrs)) {
    const [type, values] = children(attr);
    const id = oidOf(type);
    if (map.has(id) || children(values).length !== 1) problems.push(phrase('verify.cms.attribute-repeated', { id }));
    map.set(id, children(values)[0]!);
  }
  return map;
}

/** The certificate a SignerInfo's sid names: issuerAndSerialNumber, or [0] subjectKeyIdentifier. */
function findCertificate(sid: Node | undefined, certs: Node[]): X509Certificate | undefined {
  const tbsFields = (cert: Node) => {
    const fields = children(children(cert)[0]);
    return isContext(fields[0], 0) ? fields.slice(1) : fields;
  };
  const match = certs.find((cert) => {
    const fields = tbsFields(cert);
    if (isContext(sid, 0)) {
      const extensions = children(children(fields.find((f) => isContext(f, 3)))[0]);
      const ski = extensions.find((e) => oidOf(children(e)[0]) === OID.subjectKeyIdentifier);
      const value = children(ski).at(-1);
      return value !== undefined && bytesOf(value).subarray(2).equals(bytesOf(sid));
    }
    const [issuer, serial] = children(sid);
    return issuer !== undefined && serial !== undefined && der(fields[2]!).equals(der(issuer)) && bytesOf(fields[0]).equals(bytesOf(serial));
  });
  return match ? new X509Certificate(der(match)) : undefined;
}

/**
 * Verifies a CMS SignedData (RFC 5652) with exactly one signer: its signed attributes carry the
 * content type and the digest of the content (`detached` parts, or the encapsulated content),
 * and the signer's certificate, which the SignedData must carry, verifies the signature over
 * them. Who the certificate belongs to and whether to trust it is for the caller.
 * Problems name `subject`; `contentChanged` is the one to report when the content's digest differs.
 */
export function verifySignedData(cms: Buffer, options: CheckOptions): SignedDataCheck {
  try {
    return check(cms, options);
  } catch (error) {
    // Malformed structures (a certificate that is not one, a missing field) end the check.
    return {
      certificate: undefined, digest: undefined, signingTime: undefined, signatureValue: Buffer.alloc(0), contentType: '', content: undefined,
      signedAttributes: new Map(), unsignedAttributes: new Map(), problems: [phrase('verify.cms.unreadable', { it: options.subject, detail: (error as Error).message })],
    };
  }
}

interface CheckOptions {
  subject: Phrase;
  detached?: readonly Uint8Array[];
  contentChanged: Phrase;
}

function check(cms: Buffer, options: CheckOptions): SignedDataCheck {
  const problems: Phrase[] = [];
  const it = options.subject;
  const result: SignedDataCheck = {
    certificate: undefined, digest: undefined, signingTime: undefined, signatureValue: Buffer.alloc(0), contentType: '', content: undefined,
    signedAttributes: new Map(), unsignedAttributes: new Map(), problems,
  };
  let root: Node;
  try {
    root = fromDer(cms);
  } catch (error) {
    problems.push(phrase('verify.cms.not-der', { it, detail: (error as Error).message }));
    return result;
  }
  if (oidOf(children(root)[0]) !== OID.signedData || !isContext(children(root)[1], 0)) {
    problems.push(phrase('verify.cms.not-signed-data', { it }));
    return result;
  }
  const parts = children(children(children(root)[1])[0]);
  const [encap] = parts.filter((p) => isUniversal(p, Type.SEQUENCE));
  const contentType = oidOf(children(encap)[0]);
  result.contentType = contentType;
  const eContent = children(encap)[1];
  if (eContent) result.content = bytesOf(children(eContent)[0]);
  const certs = children(parts.find((p) => isContext(p, 0)));
  const signerInfos = isUniversal(parts.at(-1), Type.SET) ? children(parts.at(-1)) : [];
  if (signerInfos.length !== 1) {
    problems.push(phrase('verify.cms.signers', { it, count: signerInfos.length }));
    return result;
  }
  const [, sid, digestAlg, ...rest] = children(signerInfos[0]);
  const signedAttrs = isContext(rest[0], 0) ? rest.shift() : undefined;
  const [signatureAlg, signatureValue, unsignedAttrs] = rest;
  result.signedAttributes = attributeMap(signedAttrs, problems);
  result.unsignedAttributes = attributeMap(isContext(unsignedAttrs, 1) ? unsignedAttrs : undefined, problems);
  result.signatureValue = bytesOf(signatureValue);
  result.digest = DIGESTS[oidOf(children(digestAlg)[0])];
  result.certificate = findCertificate(sid, certs);
  result.signingTime = timeOf(result.signedAttributes.get(OID.signingTime));
  if (!result.digest) problems.push(phrase('verify.cms.digest-unsupported', { it, oid: oidOf(children(digestAlg)[0]) || phrase('verify.none') }));
  if (!SIGNATURE_ALGORITHMS.has(oidOf(children(signatureAlg)[0]))) problems.push(phrase('verify.cms.algorithm-unsupported', { it, oid: oidOf(children(signatureAlg)[0]) || phrase('verify.none') }));
  if (!result.certificate) problems.push(phrase('verify.cms.no-certificate', { it }));
  if (!signedAttrs) problems.push(phrase('verify.cms.no-signed-attributes', { it }));
  if (problems.length) return result;
  if (oidOf(result.signedAttributes.get(OID.contentType)) !== contentType) problems.push(phrase('verify.cms.content-type', { it }));
  const hash = createHash(result.digest!);
  for (const part of options.detached ?? (result.content ? [result.content] : [])) hash.update(part);
  const messageDigest = result.signedAttributes.get(OID.messageDigest);
  if (!messageDigest || !bytesOf(messageDigest).equals(hash.digest())) problems.push(options.contentChanged);
  // The signature is over the DER of the attributes as a SET (RFC 5652 5.4), not the [0] tag.
  try {
    if (!verifySignature(result.digest!, der(set(children(signedAttrs))), result.certificate!.publicKey, result.signatureValue)) {
      problems.push(phrase('verify.cms.bad-signature', { it, subject: result.certificate!.subject.split('\n').join(', ') }));
    }
  } catch (error) {
    problems.push(phrase('verify.cms.uncheckable', { it, detail: (error as Error).message }));
  }
  return result;
}
