import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import { generateSelfSignedP12 } from '../../render/sign/keygen.js';
import type { Command } from '../command.js';

/** `precept keygen --out FILE`: a self-signed PKCS#12 signer for trying signed packs out. */
export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'make a self-signed signing certificate (.p12) for trying out signed packs',
  options: {
    out: { type: 'string', value: 'FILE', description: 'where to write the PKCS#12 file (required)' },
    name: { type: 'string', value: 'NAME', description: 'the certificate\'s common name (default: "<organisation> policy signer (self-signed)")' },
    days: { type: 'string', value: 'N', description: 'days the certificate is valid (default 365)' },
    root: { type: 'string', value: 'DIR', description: 'policy repo whose config names the organisation and the passphrase variable' },
    force: { type: 'boolean', description: 'overwrite FILE if it exists' },
  },
  details: 'The passphrase comes from $PRECEPT_SIGN_PASSPHRASE (or the variable signing.passphraseEnv names), never\n' +
    'from a flag. The file is written with mode 0600. Auditors need a certificate from a CA they trust.',
  async run(ctx) {
    const out = ctx.string('out');
    if (!out) throw failure('cli.keygen-out');
    const days = Number(ctx.string('days') ?? '365');
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw failure('cli.keygen-days', { value: ctx.string('days') });
    const root = ctx.root;
    const config = existsSync(root) ? await ctx.config(root) : undefined;
    const org = config?.file ? config.organization.name : undefined;
    const envName = config?.signing.passphraseEnv ?? 'PRECEPT_SIGN_PASSPHRASE';
    const passphrase = ctx.io.env[envName] ?? '';
    const p12 = generateSelfSignedP12({
      commonName: ctx.string('name') ?? `${org ?? 'precept'} policy signer (self-signed)`,
      organization: org, passphrase, now: ctx.now(), days,
    });
    const target = path.resolve(ctx.io.cwd, out);
    let handle;
    try {
      handle = await open(target, ctx.flag('force') ? 'w' : 'wx', 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw code === 'EEXIST' ? failure('cli.exists-force', { file: out }, { cause: error }) : failure('cli.cannot-write', { file: out, reason: code ?? (error as Error).message }, { cause: error });
    }
    try {
      await handle.chmod(0o600);
      await handle.writeFile(p12);
    } finally {
      await handle.close();
    }
    ctx.out(`Wrote ${out}: an RSA-3072 key and a self-signed certificate valid for ${days} days (mode 0600).`);
    ctx.err('precept keygen: warning: this certificate is self-signed and only for trying precept out. Auditors need a signature they can');
    ctx.err('  trust: sign real packs with a document-signing certificate from a certificate authority they recognise.');
    if (!passphrase) ctx.err(`precept keygen: warning: ${envName} is not set, so the key is protected by an empty passphrase.`);
    ctx.err('  Keep the .p12 file out of git and out of build output.');
    return 0;
  },
};
