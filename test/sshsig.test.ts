/** SSHSIG verification in Node's crypto, against signatures made by the real ssh-keygen. */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSshPublicKey, SshKeyError } from '../src/core/sshsig/public-key.js';
import { parseSshSignature, verifySshSignature } from '../src/core/sshsig/signature.js';
import { wireStrings } from '../src/core/sshsig/wire.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'precept-sshsig-'));
const NS = 'precept-approval';

/** Makes a key with ssh-keygen; returns the private key file and the public key line. */
function keygen(name: string, ...type: string[]): { file: string; pub: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...type, '-N', '', '-C', `${name}@test`, '-f', file]);
  return { file, pub: readFileSync(`${file}.pub`, 'utf8').trim() };
}

/** Signs with `ssh-keygen -Y sign`, as `precept approve --sign-with` does. */
function sshSign(file: string, message: string, namespace = NS, extra: string[] = []): string {
  return execFileSync('ssh-keygen', ['-Y', 'sign', '-n', namespace, '-f', file, ...extra], { input: message, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
}

const keys: Record<string, { file: string; pub: string }> = {};
beforeAll(() => {
  keys['ed25519'] = keygen('ed', '-t', 'ed25519');
  keys['rsa'] = keygen('rsa', '-t', 'rsa', '-b', '2048');
  keys['ecdsa'] = keygen('ec', '-t', 'ecdsa', '-b', '256');
  keys['other'] = keygen('other', '-t', 'ed25519');
});

describe('verifySshSignature', () => {
  it.each(['ed25519', 'rsa', 'ecdsa'])('accepts a %s signature by ssh-keygen, and refuses other content, keys and namespaces', (type) => {
    const { file, pub } = keys[type]!;
    const key = parseSshPublicKey(pub);
    const signature = sshSign(file, 'approve alpha 1.0.0');
    const message = Buffer.from('approve alpha 1.0.0');
    const ok = verifySshSignature(signature, message, NS, [parseSshPublicKey(keys['other']!.pub), key]);
    expect(ok.ok && ok.key.fingerprint).toBe(key.fingerprint);
    // The fingerprint is the one ssh-keygen -l prints.
    expect(execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`]).toString()).toContain(key.fingerprint);
    expect(verifySshSignature(signature, Buffer.from('approve alpha 2.0.0'), NS, [key])).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifySshSignature(signature, message, NS, [parseSshPublicKey(keys['other']!.pub)])).toMatchObject({ ok: false, reason: 'untrusted-key' });
    expect(verifySshSignature(signature, message, 'git', [key])).toMatchObject({ ok: false, reason: 'namespace', message: 'signed for namespace "precept-approval", not "git"' });
    expect(verifySshSignature(sshSign(file, 'approve alpha 1.0.0', 'git'), message, NS, [key])).toMatchObject({ ok: false, reason: 'namespace' });
  });

  it('accepts the sha256 message hash (-O hashalg=sha256)', () => {
    const { file, pub } = keys['ed25519']!;
    const signature = sshSign(file, 'x', NS, ['-O', 'hashalg=sha256']);
    expect(parseSshSignature(signature).hashAlgorithm).toBe('sha256');
    expect(verifySshSignature(signature, Buffer.from('x'), NS, [parseSshPublicKey(pub)]).ok).toBe(true);
  });

  it('verifies rsa-sha2-256 signatures and refuses SHA-1 ssh-rsa ones', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const mpint = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64url');
      return bytes[0]! & 0x80 ? Buffer.concat([Buffer.alloc(1), bytes]) : bytes;
    };
    const blob = wireStrings('ssh-rsa', mpint(jwk.e!), mpint(jwk.n!));
    const key = parseSshPublicKey(`ssh-rsa ${blob.toString('base64')} made-in-node`);
    const armored = (algorithm: string, hash: 'sha256' | 'sha1') => {
      const digest = createHash('sha512').update('m').digest();
      const signed = Buffer.concat([Buffer.from('SSHSIG'), wireStrings(NS, '', 'sha512', digest)]);
      const sig = sign(hash, signed, privateKey);
      const body = Buffer.concat([Buffer.from('SSHSIG'), Buffer.from([0, 0, 0, 1]), wireStrings(blob, NS, '', 'sha512', wireStrings(algorithm, sig))]);
      return `-----BEGIN SSH SIGNATURE-----\n${body.toString('base64').replace(/.{70}/g, '$&\n')}\n-----END SSH SIGNATURE-----\n`;
    };
    expect(verifySshSignature(armored('rsa-sha2-256', 'sha256'), Buffer.from('m'), NS, [key]).ok).toBe(true);
    expect(verifySshSignature(armored('ssh-rsa', 'sha1'), Buffer.from('m'), NS, [key])).toMatchObject({ ok: false, reason: 'algorithm' });
    // A signature claiming one algorithm but made with another does not verify.
    expect(verifySshSignature(armored('rsa-sha2-512', 'sha256'), Buffer.from('m'), NS, [key])).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('says what is wrong with a malformed signature', () => {
    const key = parseSshPublicKey(keys['ed25519']!.pub);
    const good = sshSign(keys['ed25519']!.file, 'm');
    expect(verifySshSignature('hello', Buffer.from('m'), NS, [key])).toMatchObject({ ok: false, reason: 'malformed', message: expect.stringContaining('not an armored SSH signature') });
    const lines = good.trim().split('\n');
    const truncated = [lines[0], lines[1], lines.at(-1)].join('\n');
    expect(verifySshSignature(truncated, Buffer.from('m'), NS, [key])).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('parseSshPublicKey', () => {
  it('reads the key lines ssh-keygen writes, with their comments', () => {
    for (const type of ['ed25519', 'rsa', 'ecdsa']) {
      const key = parseSshPublicKey(keys[type]!.pub);
      expect(key.comment).toMatch(/@test$/);
      expect(keys[type]!.pub.startsWith(key.type)).toBe(true);
    }
  });

  it('refuses what is not a public key line, saying why', () => {
    const ed = keys['ed25519']!.pub.split(' ');
    const cases: [string, RegExp][] = [
      ['AAAAC3NzaC1lZDI1NTE5', /expected "<type> <base64 key> \[comment\]"/],
      ['ssh-dss AAAAB3NzaC1kc3M=', /key type "ssh-dss" is not supported/],
      ['-----BEGIN OPENSSH PRIVATE KEY----- abc', /PEM block/],
      [`ssh-ed25519 ${ed[1]!.slice(0, -4)}`, /malformed|32 bytes/],
      [`ssh-ed25519 not*base64`, /not base64/],
      [`ssh-rsa ${ed[1]}`, /the line says ssh-rsa but the key data is ssh-ed25519/],
    ];
    for (const [line, message] of cases) {
      expect(() => parseSshPublicKey(line), line).toThrow(SshKeyError);
      expect(() => parseSshPublicKey(line), line).toThrow(message);
    }
  });
});

it('an ssh-keygen allowed_signers file agrees with precept on the same signature', () => {
  const { file, pub } = keys['ed25519']!;
  const message = '{"approver":"ada"}';
  const sigFile = path.join(dir, 'm.sig');
  writeFileSync(sigFile, sshSign(file, message));
  writeFileSync(path.join(dir, 'allowed'), `ada ${pub}\n`);
  const out = execFileSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(dir, 'allowed'), '-I', 'ada', '-n', NS, '-s', sigFile], { input: message }).toString();
  expect(out).toContain('Good "precept-approval" signature for ada');
  expect(verifySshSignature(readFileSync(sigFile, 'utf8'), Buffer.from(message), NS, [parseSshPublicKey(pub)]).ok).toBe(true);
});
