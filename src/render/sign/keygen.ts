import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** What a self-signed test signer is made of. */
export interface KeygenOptions {
  commonName: string;
  organization?: string | undefined;
  passphrase: string;
  /** Validity starts here (default: now). */
  now: Date;
  days?: number;
}

/**
 * Makes a PKCS#12 file with an RSA-3072 key and a self-signed certificate for document signing.
 * For trying the signed pack out only: an auditor trusts a certificate from a CA their tools know.
 */
export function generateSelfSignedP12(options: KeygenOptions): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: the top bit clear.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(options.now.getTime() - 60_000);
  cert.validity.notAfter = new Date(options.now.getTime() + (options.days ?? 365) * 86_400_000);
  // UTF8String, which forge encodes from the JS string; its default PrintableString takes
  // neither "–" nor "株式会社" and would write bytes nothing can read back.
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  const attrs: forge.pki.CertificateField[] = [{ name: 'commonName', value: options.commonName, valueTagClass: utf8 }];
  if (options.organization) attrs.push({ name: 'organizationName', value: options.organization, valueTagClass: utf8 });
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], options.passphrase, { algorithm: 'aes256', friendlyName: options.commonName });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
