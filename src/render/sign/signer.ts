import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import { failure } from '../../core/i18n/failure.js';
import type { SigningKey } from './cms.js';

/** Who a certificate names, for the cover, the manifest and `precept verify`. */
export interface CertificateInfo {
  subject: string;
  /** The subject's common name (or the whole subject when it has none). */
  name: string;
  organization: string | undefined;
  issuer: string;
  selfSigned: boolean;
  notBefore: Date;
  notAfter: Date;
  /** `sha256:<hex>` of the certificate's DER. */
  fingerprint: string;
  serial: string;
}

/** A PKCS#12 signer, opened: its key stays in memory only, never in output or logs. */
export interface Signer {
  readonly key: SigningKey;
  readonly certificate: CertificateInfo;
}

/** Reads a DER certificate into the fields precept shows. */
export function certificateInfo(der: Buffer): CertificateInfo {
  const x509 = new X509Certificate(der);
  const field = (dn: string, key: string) => dn.split('\n').find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1).replace(/\\(.)/g, '$1');
  return {
    subject: x509.subject.split('\n').join(', '),
    name: field(x509.subject, 'CN') ?? x509.subject.split('\n').join(', '),
    organization: field(x509.subject, 'O'),
    issuer: x509.issuer.split('\n').join(', '),
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    fingerprint: `sha256:${x509.fingerprint256.replaceAll(':', '').toLowerCase()}`,
    serial: x509.serialNumber,
  };
}

/**
 * Opens a PKCS#12 (.p12/.pfx) file with its passphrase and finds the certificate that matches its
 * private key. Errors say what is wrong (unreadable, wrong passphrase, no key) without echoing secrets.
 */
export async function loadSigner(file: string, passphrase: string, passphraseEnv: string): Promise<Signer> {
  let p12: Buffer;
  try {
    p12 = await readFile(file);
  } catch (error) {
    throw failure('sign.signer-unreadable', { file, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message }, { cause: error });
  }
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
  } catch (error) {
    const wrongPassword = /MAC could not be verified|Invalid password/i.test((error as Error).message);
    throw wrongPassword
      ? failure('sign.signer-passphrase', { file, env: passphraseEnv, unset: passphrase === '' ? 'yes' : 'no' }, { cause: error })
      : failure('sign.signer-not-p12', { file }, { cause: error });
  }
  const bags = (type: string): forge.pkcs12.Bag[] => parsed.getBags({ bagType: type })[type] ?? [];
  const oids = forge.pki.oids as Record<string, string>;
  const keyBag = bags(oids['pkcs8ShroudedKeyBag']!)[0] ?? bags(oids['keyBag']!)[0];
  const key = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw failure('sign.signer-no-key', { file });
  const certs = bags(oids['certBag']!).map((b) => b.cert).filter((c): c is forge.pki.Certificate => Boolean(c));
  const own = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.equals(key.n) && pub.e?.equals(key.e);
  });
  if (!own) throw failure('sign.signer-no-certificate', { file });
  const toDer = (c: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary');
  const certificate = toDer(own);
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(key));
  return { key: { privateKey, certificate, chain: [certificate, ...certs.filter((c) => c !== own).map(toDer)] }, certificate: certificateInfo(certificate) };
}
