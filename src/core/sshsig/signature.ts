import { createHash, verify as cryptoVerify } from 'node:crypto';
import { keyFromBlob, SshKeyError, type SshPublicKey } from './public-key.js';
import { WireError, WireReader, wireStrings } from './wire.js';

/**
 * SSH signatures as `ssh-keygen -Y sign` makes them (OpenSSH's PROTOCOL.sshsig), the format git
 * uses for signed commits: an armored blob naming the public key, a namespace that keeps a
 * signature made for one purpose from being replayed for another, the hash of the message and
 * the key's signature over them.
 */

const MAGIC = Buffer.from('SSHSIG');
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
const HASHES = { sha256: 'sha256', sha512: 'sha512' } as const;

/** A parsed SSHSIG signature. */
export interface SshSignature {
  publicKey: SshPublicKey;
  namespace: string;
  hashAlgorithm: keyof typeof HASHES;
  /** The signature's algorithm: ssh-ed25519, rsa-sha2-512, rsa-sha2-256, ecdsa-sha2-nistp256. */
  algorithm: string;
  signature: Buffer;
}

/** Why a signature could not be read. */
export class SshSignatureError extends Error {
  override readonly name = 'SshSignatureError';
}

/** Reads an armored SSH signature (`-----BEGIN SSH SIGNATURE-----` ... `-----END SSH SIGNATURE-----`). */
export function parseSshSignature(armored: string): SshSignature {
  const text = armored.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) throw new SshSignatureError(`not an armored SSH signature (${BEGIN} ... ${END})`);
  const body = text.slice(BEGIN.length, -END.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) throw new SshSignatureError('the signature is not base64');
  const r = new WireReader(Buffer.from(body, 'base64'));
  try {
    if (!r.raw(6).equals(MAGIC)) throw new SshSignatureError('not an SSHSIG signature (no SSHSIG preamble)');
    const version = r.uint32();
    if (version !== 1) throw new SshSignatureError(`SSHSIG version ${version} is not supported (only 1)`);
    const publicKey = keyFromBlob(r.string());
    const namespace = r.text();
    r.string(); // reserved
    const hashAlgorithm = r.text();
    const inner = new WireReader(r.string());
    r.end();
    if (hashAlgorithm !== 'sha256' && hashAlgorithm !== 'sha512') throw new SshSignatureError(`hash algorithm "${hashAlgorithm}" is not allowed (sha256, sha512)`);
    const algorithm = inner.text();
    const signature = inner.string();
    inner.end();
    return { publicKey, namespace, hashAlgorithm, algorithm, signature };
  } catch (error) {
    if (error instanceof SshSignatureError) throw error;
    if (error instanceof SshKeyError) throw new SshSignatureError(`the signature's public key: ${error.message}`);
    if (error instanceof WireError) throw new SshSignatureError(`the signature is malformed (${error.message})`);
    throw error;
  }
}

/** The bytes the key signed: the preamble, namespace, hash algorithm and the message's hash. */
function signedData(sig: SshSignature, message: Uint8Array): Buffer {
  const digest = createHash(HASHES[sig.hashAlgorithm]).update(message).digest();
  return Buffer.concat([MAGIC, wireStrings(sig.namespace, '', sig.hashAlgorithm, digest)]);
}

/** An ECDSA signature's (r, s) mpints as the fixed-width r||s Node verifies with ieee-p1363. */
function ecdsaP1363(blob: Buffer): Buffer {
  const r = new WireReader(blob);
  const pad = (n: Buffer) => {
    if (n.length > 32) throw new SshSignatureError('an ECDSA signature value is longer than the curve');
    return Buffer.concat([Buffer.alloc(32 - n.length), n]);
  };
  const out = Buffer.concat([pad(r.mpint()), pad(r.mpint())]);
  r.end();
  return out;
}

/** Whether the signature's own key signed this message under this namespace (a bad signature is false). */
function signatureHolds(sig: SshSignature, message: Uint8Array): boolean {
  const data = signedData(sig, message);
  const { type, key } = sig.publicKey;
  try {
    switch (sig.algorithm) {
      case 'ssh-ed25519':
        return type === 'ssh-ed25519' && cryptoVerify(null, data, key, sig.signature);
      case 'rsa-sha2-512':
      case 'rsa-sha2-256':
        // The SHA-1 "ssh-rsa" signature algorithm is refused, as OpenSSH does for SSHSIG.
        return type === 'ssh-rsa' && cryptoVerify(sig.algorithm === 'rsa-sha2-512' ? 'sha512' : 'sha256', data, key, sig.signature);
      case 'ecdsa-sha2-nistp256':
        return type === 'ecdsa-sha2-nistp256' && cryptoVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, ecdsaP1363(sig.signature));
      default:
        return false;
    }
  } catch {
    // Malformed signature values (an r or s too long, trailing bytes) verify nothing.
    return false;
  }
}

/** What verifying a signature found. */
export type SshVerification =
  | { ok: true; key: SshPublicKey; signature: SshSignature }
  | { ok: false; reason: 'malformed' | 'namespace' | 'algorithm' | 'untrusted-key' | 'bad-signature'; message: string; signature?: SshSignature };

/**
 * Verifies an armored SSH signature over `message`, as `ssh-keygen -Y verify` does: the
 * namespace must be `namespace`, the key inside must be one of `allowed` (compared by blob), and
 * the signature must be that key's over the message. Says which of these failed.
 */
export function verifySshSignature(armored: string, message: Uint8Array, namespace: string, allowed: readonly SshPublicKey[]): SshVerification {
  let sig: SshSignature;
  try {
    sig = parseSshSignature(armored);
  } catch (error) {
    return { ok: false, reason: 'malformed', message: (error as Error).message };
  }
  if (sig.namespace !== namespace) return { ok: false, reason: 'namespace', message: `signed for namespace "${sig.namespace}", not "${namespace}"`, signature: sig };
  const known: Record<string, string> = { 'ssh-ed25519': 'ssh-ed25519', 'rsa-sha2-512': 'ssh-rsa', 'rsa-sha2-256': 'ssh-rsa', 'ecdsa-sha2-nistp256': 'ecdsa-sha2-nistp256' };
  if (known[sig.algorithm] !== sig.publicKey.type) {
    return { ok: false, reason: 'algorithm', message: `signature algorithm "${sig.algorithm}" does not go with a ${sig.publicKey.type} key`, signature: sig };
  }
  const key = allowed.find((k) => k.blob.equals(sig.publicKey.blob));
  if (!key) return { ok: false, reason: 'untrusted-key', message: `signed by key ${sig.publicKey.fingerprint}, which is not listed`, signature: sig };
  if (!signatureHolds(sig, message)) return { ok: false, reason: 'bad-signature', message: `the signature by ${key.fingerprint} does not match the content`, signature: sig };
  return { ok: true, key, signature: sig };
}
