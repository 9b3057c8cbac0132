import { createHash, sign as rsaSign, type KeyObject } from 'node:crypto';
import { algorithm, attribute, children, context, der, fromDer, int, isContext, octets, oid, OID, seq, set, time, type Node } from './asn1.js';

/** The key and certificates a CMS signature is made with. */
export interface SigningKey {
  privateKey: KeyObject;
  /** DER of the signer's certificate. */
  certificate: Buffer;
  /** DER of every certificate to embed (the signer's first, then its chain). */
  chain: Buffer[];
}

/** Gets an RFC 3161 timestamp token (DER) for a signature value. */
export type Timestamper = (signatureValue: Buffer) => Promise<Buffer>;

/** issuerAndSerialNumber of a certificate, from its TBSCertificate. */
function issuerAndSerial(certificate: Buffer): Node {
  const fields = children(children(fromDer(certificate))[0]);
  const at = isContext(fields[0], 0) ? 1 : 0; // [0] version is optional
  return seq([fields[at + 2]!, fields[at]!]);
}

/**
 * A detached CMS (PKCS#7) SignedData over the concatenation of `parts`, SHA-256 with RSA, with
 * the signed attributes contentType, signingTime and messageDigest (in that order, as PDF
 * validators expect), built with Node's crypto: hashing and RSA run natively, not in JavaScript.
 * With a timestamper, the token it returns for the signature value travels as the unsigned
 * attribute id-aa-signatureTimeStampToken (PAdES-B-T).
 */
export async function detachedSignature(parts: Buffer[], key: SigningKey, signingTime: Date, timestamp?: Timestamper): Promise<Buffer> {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, time(signingTime)),
    attribute(OID.messageDigest, octets(hash.digest())),
  ];
  // The signature covers the attributes DER-encoded as a SET; they travel as [0] IMPLICIT.
  const signature = rsaSign('sha256', der(set(attributes)), key.privateKey);
  const unsigned = timestamp ? [context(1, [attribute(OID.timeStampToken, fromDer(await timestamp(signature)))])] : [];
  const signerInfo = seq([
    int(1),
    issuerAndSerial(key.certificate),
    algorithm(OID.sha256),
    context(0, attributes),
    algorithm(OID.rsaEncryption),
    octets(signature),
    ...unsigned,
  ]);
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256)]),
    seq([oid(OID.data)]),
    context(0, key.chain.map(fromDer)),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), context(0, [signedData])]));
}
