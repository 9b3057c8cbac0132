import forge from 'node-forge';

/** An ASN.1 node as node-forge parses and builds it. */
export type Node = forge.asn1.Asn1;
const { asn1 } = forge;

/** The object identifiers precept's signatures and timestamps use. */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** id-aa-signatureTimeStampToken: an RFC 3161 token over the SignerInfo's signature value. */
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  subjectKeyIdentifier: '2.5.29.14',
};

/** Digest algorithms a signature or timestamp may use, by OID, as Node's crypto names them. */
export const DIGESTS: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

export const seq = (value: Node[]): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
export const set = (value: Node[]): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, value);
export const oid = (id: string): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
export const nil = (): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
export const bool = (value: boolean): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BOOLEAN, false, value ? '\xff' : '\x00');
export const octets = (b: Buffer): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary'));
/** An INTEGER from a small number, or from big-endian bytes that are already minimal and positive. */
export const int = (n: number | Buffer): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false,
  typeof n === 'number' ? asn1.integerToDer(n).getBytes() : n.toString('binary'));
export const context = (tag: number, value: Node[]): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, value);
export const algorithm = (id: string): Node => seq([oid(id), nil()]);
export const attribute = (type: string, value: Node): Node => seq([oid(type), set([value])]);
export const der = (n: Node): Buffer => Buffer.from(asn1.toDer(n).getBytes(), 'binary');
/** Parses DER strictly: every byte must belong to the one element (the typings miss the options form). */
export const fromDer = (b: Buffer): Node => (asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: object) => Node)(
  forge.util.createBuffer(b.toString('binary')), { strict: true, parseAllBytes: true, decodeBitStrings: false });

export const children = (n: Node | undefined): Node[] => (n && Array.isArray(n.value) ? (n.value as Node[]) : []);
export const bytesOf = (n: Node | undefined): Buffer => Buffer.from(typeof n?.value === 'string' ? n.value : '', 'binary');
export const oidOf = (n: Node | undefined): string => (n?.type === asn1.Type.OID && typeof n.value === 'string' ? asn1.derToOid(n.value) : '');
export const isContext = (n: Node | undefined, tag: number): boolean => n?.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === tag;
export const isUniversal = (n: Node | undefined, type: number): boolean => n?.tagClass === asn1.Class.UNIVERSAL && n.type === type;
export const Type = asn1.Type;

/** A UTCTime or GeneralizedTime as a Date. */
export function timeOf(n: Node | undefined): Date | undefined {
  if (typeof n?.value !== 'string') return undefined;
  const date = isUniversal(n, asn1.Type.UTCTIME) ? asn1.utcTimeToDate(n.value)
    : isUniversal(n, asn1.Type.GENERALIZEDTIME) ? asn1.generalizedTimeToDate(n.value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** A signing time as CMS wants it: UTCTime until 2049, GeneralizedTime after. */
export function time(date: Date): Node {
  return date.getUTCFullYear() < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}
