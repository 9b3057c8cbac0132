/** keygen takes any Unicode name: UTF8String in the certificate, a .p12 that openssl and precept open. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSigner } from '../src/render/sign/signer.js';
import { runCli } from './helpers/run-cli.js';

const openssl = (args: string[], input?: string) => execFileSync('openssl', args, { encoding: 'utf8', env: { ...process.env, P12_PASS: 'pässwörd' }, ...(input ? { input } : {}) });

describe('keygen with a name outside Latin-1', () => {
  it('writes a certificate openssl and precept read back with the same name', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-keygen-'));
    await writeFile(path.join(dir, 'precept.config.yaml'), 'organization:\n  name: 株式会社サンプル\n  slug: sample\n');
    const file = path.join(dir, 'signer.p12');
    const run = await runCli(['keygen', '--root', dir, '--out', file, '--name', 'Acme – Inc'], { env: { PRECEPT_SIGN_PASSPHRASE: 'pässwörd' } });
    expect(run.code, run.stderr).toBe(0);

    const pem = openssl(['pkcs12', '-in', file, '-nokeys', '-passin', 'env:P12_PASS']);
    const subject = openssl(['x509', '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], pem);
    expect(subject.trim()).toBe('subject=O=株式会社サンプル,CN=Acme – Inc');
    // The name is a UTF8String (tag 12), not a PrintableString that cannot hold it.
    const der = openssl(['x509', '-outform', 'PEM'], pem);
    const parsed = openssl(['asn1parse'], der);
    expect(parsed).toMatch(/UTF8STRING\s+:Acme – Inc/);
    expect(parsed).not.toContain('PRINTABLESTRING');

    const signer = await loadSigner(file, 'pässwörd', 'PRECEPT_SIGN_PASSPHRASE');
    expect(signer.certificate.name).toBe('Acme – Inc');
    expect(signer.certificate.subject).toContain('株式会社サンプル');
  });
});
