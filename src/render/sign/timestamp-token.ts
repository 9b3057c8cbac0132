import { createHash, type X509Certificate } from 'node:crypto';
import { bytesOf, children, DIGESTS, fromDer, isUniversal, OID, oidOf, timeOf, Type, type Node } from './asn1.js';
import { phrase, type Phrase } from '../../core/i18n/phrase.js';
import { verifySignedData } from './cms-verify.js';
import { certificateInfo, type CertificateInfo } from './signer.js';

/** An RFC 3161 TSTInfo: what the timestamp authority vouches for. */
export interface TstInfo {
  policy: string;
  /** The digest algorithm of the message imprint, as Node names it (undefined: unsupported). */
  imprintDigest: string | undefined;
  imprint: Buffer;
  serial: string;
  /** The trusted time. */
  genTime: Date | undefined;
  /** The nonce as unsigned big-endian bytes (leading zeros stripped), when the request had one. */
  nonce: Buffer | undefined;
}

/** What checking a timestamp token found. */
export interface TimestampCheck {
  /** The time the timestamp authority vouches for (genTime). */
  time: Date | undefined;
  /** The timestamp authority's certificate (carried inside the token). */
  authority: CertificateInfo | undefined;
  info: TstInfo | undefined;
  /** Everything that is wrong (empty when the token verifies). */
  problems: Phrase[];
}

/** An INTEGER's value as unsigned big-endian bytes. */
const unsigned = (n: Node | undefined) => {
  const b = bytesOf(n);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

/** Reads a DER TSTInfo; throws when it is not one. */
export function parseTstInfo(tstInfo: Buffer): TstInfo {
  const fields = children(fromDer(tstInfo));
  const [version, policy, imprint, serial, genTime, ...rest] = fields;
  if (bytesOf(version).readUIntBE(0, 1) !== 1 || !isUniversal(imprint, Type.SEQUENCE) || !isUniversal(genTime, Type.GENERALIZEDTIME)) {
    throw new Error('it is not an RFC 3161 TSTInfo');
  }
  const [algorithm, hashed] = children(imprint);
  const nonce = rest.find((n) => isUniversal(n, Type.INTEGER));
  return {
    policy: oidOf(policy),
    imprintDigest: DIGESTS[oidOf(children(algorithm)[0])],
    imprint: bytesOf(hashed),
    serial: unsigned(serial).toString('hex'),
    genTime: timeOf(genTime),
    nonce: nonce ? unsigned(nonce) : undefined,
  };
}

/** The ESS signing-certificate attribute binds the token to one certificate: check its hash. */
function signingCertificateProblem(attributes: Map<string, Node>, certificate: X509Certificate): Phrase | undefined {
  const v2 = attributes.get(OID.signingCertificateV2);
  const v1 = attributes.get(OID.signingCertificate);
  const first = children(children(v2 ?? v1)[0])[0];
  if (!first) return phrase('verify.token.no-ess');
  const [head, second] = children(first);
  // ESSCertIDv2 starts with an optional hash algorithm (default SHA-256); ESSCertID is SHA-1.
  const [digest, hash] = v2
    ? isUniversal(head, Type.SEQUENCE) ? [DIGESTS[oidOf(children(head)[0])], second] : ['sha256', head]
    : ['sha1', head];
  if (!digest) return phrase('verify.token.ess-digest');
  return createHash(digest).update(certificate.raw).digest().equals(bytesOf(hash))
    ? undefined
    : phrase('verify.token.ess-mismatch');
}

/**
 * Checks an RFC 3161 timestamp token (a CMS SignedData over a TSTInfo) against the signature
 * value it timestamps: the authority's signature over the TSTInfo with the certificate inside the
 * token, that certificate's timeStamping key purpose and ESS binding, and the message imprint.
 * Whether to trust the authority is for the auditor: its certificate is reported.
 */
export function checkTimestampToken(token: Buffer, signatureValue: Buffer): TimestampCheck {
  const problems: Phrase[] = [];
  const signed = verifySignedData(token, { subject: phrase('verify.it.token'), contentChanged: phrase('verify.token.content-changed') });
  problems.push(...signed.problems);
  const certificate = signed.certificate;
  const authority = certificate ? certificateInfo(Buffer.from(certificate.raw)) : undefined;
  if (certificate && !certificate.keyUsage?.includes(OID.timeStamping)) problems.push(phrase('verify.token.not-for-timestamping'));
  if (certificate && !signed.problems.length) {
    const binding = signingCertificateProblem(signed.signedAttributes, certificate);
    if (binding) problems.push(binding);
  }
  let info: TstInfo | undefined;
  try {
    if (signed.contentType !== OID.tstInfo || !signed.content) throw new Error('it carries no TSTInfo');
    info = parseTstInfo(signed.content);
  } catch (error) {
    problems.push(phrase('verify.token.unreadable', { detail: (error as Error).message }));
  }
  if (info) {
    const expected = info.imprintDigest ? createHash(info.imprintDigest).update(signatureValue).digest() : undefined;
    if (!expected) problems.push(phrase('verify.token.imprint-digest'));
    else if (!expected.equals(info.imprint)) problems.push(phrase('verify.token.imprint-mismatch'));
    if (!info.genTime) problems.push(phrase('verify.token.no-time'));
  }
  return { time: info?.genTime, authority, info, problems };
}
