import { createHash, sign as rsaSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

type Node = forge.asn1.Asn1;
const seq = (value: Node[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
const set = (value: Node[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, value);
const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const nil = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
const int = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const octets = (b: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary'));
const algorithm = (id: string) => seq([oid(id), nil()]);
const attribute = (type: string, value: Node) => seq([oid(type), set([value])]);
const der = (n: Node) => Buffer.from(asn1.toDer(n).getBytes(), 'binary');
const fromDer = (b: Buffer) => asn1.fromDer(forge.util.createBuffer(b.toString('binary')));

/** The key and certificates a CMS signature is made with. */
export interface SigningKey {
  privateKey: KeyObject;
  /** DER of the signer's certificate. */
  certificate: Buffer;
  /** DER of every certificate to embed (the signer's first, then its chain). */
  chain: Buffer[];
}

/** issuerAndSerialNumber of a certificate, from its TBSCertificate. */
function issuerAndSerial(certificate: Buffer): Node {
  const tbs = (fromDer(certificate).value as Node[])[0]!;
  const fields = tbs.value as Node[];
  const at = fields[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0; // [0] version is optional
  return seq([fields[at + 2]!, fields[at]!]);
}

/**
 * A detached CMS (PKCS#7) SignedData over `content`, SHA-256 with RSA, with the signed
 * attributes contentType, signingTime and messageDigest (in that order, as PDF validators
 * expect), built with Node's crypto: hashing and RSA run natively, not in JavaScript.
 */
export function detachedSignature(content: Buffer, key: SigningKey, signingTime: Date): Buffer {
  const digest = createHash('sha256').update(content).digest();
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, signingTime.getUTCFullYear() < 2050
      ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(signingTime))
      : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(signingTime))),
    attribute(OID.messageDigest, octets(digest)),
  ];
  // The signature covers the attributes DER-encoded as a SET; they travel as [0] IMPLICIT.
  const signature = rsaSign('sha256', der(set(attributes)), key.privateKey);
  const signerInfo = seq([
    int(1),
    issuerAndSerial(key.certificate),
    algorithm(OID.sha256),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attributes),
    algorithm(OID.rsaEncryption),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256)]),
    seq([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, key.chain.map(fromDer)),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}
