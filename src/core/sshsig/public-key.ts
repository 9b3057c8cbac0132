import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { WireError, WireReader } from './wire.js';

/** The key types precept verifies SSH signatures for. */
export const SSH_KEY_TYPES = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256'] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

/** An SSH public key, parsed and ready to verify with. */
export interface SshPublicKey {
  type: SshKeyType;
  /** The key's wire blob (what `authorized_keys` holds in base64). */
  blob: Buffer;
  key: KeyObject;
  /** As `ssh-keygen -l` prints it: SHA256: and the unpadded base64 of the blob's SHA-256. */
  fingerprint: string;
  /** The comment after the key, if any. */
  comment: string;
}

/** Why a key could not be read, said for a person to act on. */
export class SshKeyError extends Error {
  override readonly name = 'SshKeyError';
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/** The fingerprint of a key blob, as OpenSSH prints it. */
export function sshFingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Turns a public key's wire blob into a Node key, checking its structure for its type. */
export function keyFromBlob(blob: Buffer, comment = ''): SshPublicKey {
  const r = new WireReader(blob);
  let type: string;
  try {
    type = r.text();
  } catch {
    throw new SshKeyError('the key data is not an SSH public key');
  }
  try {
    let key: KeyObject;
    if (type === 'ssh-ed25519') {
      const point = r.string();
      r.end();
      if (point.length !== 32) throw new SshKeyError(`an ssh-ed25519 key is 32 bytes, this one ${point.length}`);
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(point) }, format: 'jwk' });
    } else if (type === 'ssh-rsa') {
      const e = r.mpint();
      const n = r.mpint();
      r.end();
      // OpenSSH refuses RSA keys under 1024 bits for signatures; so does precept.
      if (n.length * 8 < 1024) throw new SshKeyError(`an RSA key of ${n.length * 8} bits is too small to trust (at least 1024, better 3072)`);
      key = createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
    } else if (type === 'ecdsa-sha2-nistp256') {
      const curve = r.text();
      const point = r.string();
      r.end();
      if (curve !== 'nistp256') throw new SshKeyError(`an ecdsa-sha2-nistp256 key names curve "${curve}"`);
      if (point.length !== 65 || point[0] !== 4) throw new SshKeyError('the ECDSA point is not an uncompressed P-256 point');
      key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) }, format: 'jwk' });
    } else {
      throw new SshKeyError(`key type "${type}" is not supported (precept verifies ${SSH_KEY_TYPES.join(', ')})`);
    }
    return { type: type as SshKeyType, blob, key, fingerprint: sshFingerprint(blob), comment };
  } catch (error) {
    if (error instanceof SshKeyError) throw error;
    if (error instanceof WireError) throw new SshKeyError(`the ${type} key data is malformed (${error.message})`);
    throw new SshKeyError(`the ${type} key is not a valid key (${(error as Error).message})`);
  }
}

/**
 * Parses one public key as `authorized_keys` and `.pub` files write it: `type base64 [comment]`.
 * Throws SshKeyError saying what is wrong: an unknown type, bad base64, a type in the text
 * that differs from the one inside the data, a malformed or unsupported key.
 */
export function parseSshPublicKey(line: string): SshPublicKey {
  const fields = line.trim().split(/\s+/);
  const [type, data, ...rest] = fields;
  if (!type || !data) throw new SshKeyError('expected "<type> <base64 key> [comment]", as in a .pub file (e.g. ssh-ed25519 AAAAC3Nza… you@host)');
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) {
    if (type.startsWith('-----BEGIN')) throw new SshKeyError('this is a PEM block; give the one-line OpenSSH public key (the .pub file, or ssh-keygen -y -f KEY)');
    throw new SshKeyError(`key type "${type}" is not supported (precept verifies ${SSH_KEY_TYPES.join(', ')})`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) throw new SshKeyError('the key data is not base64');
  const blob = Buffer.from(data, 'base64');
  let inner: string | undefined;
  try {
    inner = new WireReader(blob).text();
  } catch {
    inner = undefined;
  }
  if (inner !== type) throw new SshKeyError(inner && /^[\x21-\x7e]{1,64}$/.test(inner) ? `the line says ${type} but the key data is ${inner}` : 'the key data is not an SSH public key');
  return keyFromBlob(blob, rest.join(' '));
}
