import { readFile } from 'node:fs/promises';
import path from 'node:path';
import stringWidth from 'string-width';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { verifyPack, type Finding } from '../../render/pack/verify-pack.js';
import { readerLocale } from '../reader-locale.js';
import type { Command } from '../command.js';

const FORMATS = ['pretty', 'json'] as const;

/** Subjects that are words rather than a file or policy@version, and their catalogue entries. */
const SUBJECTS: Record<string, string> = {
  signature: 'signature', signer: 'signer', timestamp: 'timestamp', 'signing time': 'signing-time', pack: 'pack',
  'manifest.json': 'manifest', repository: 'repository', commit: 'commit', copy: 'copy',
};

const subjectIn = (messages: Messages, subject: string) => (SUBJECTS[subject] ? messages.t(`verify.subject.${SUBJECTS[subject]}`) : subject);

/** One finding as a line: its status word padded to the longest one, what it is about, what was found. */
function line(messages: Messages, f: Finding, width: number): string {
  const status = messages.t(`verify.status.${f.status}`);
  const about = f.subject ? `${subjectIn(messages, f.subject)}: ` : '';
  return `${status}${' '.repeat(Math.max(0, width - stringWidth(status)))}  ${about}${messages.say(f.message)}`;
}

/** `--expect-signer`: a SHA-256 fingerprint, hex with or without colons, any case, `sha256:` optional. */
function fingerprint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const hex = value.trim().replace(/^sha256:/i, '').replace(/[:\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw usageFailure('cli.expect-signer', { value });
  return `sha256:${hex}`;
}

/** `precept verify <pack.pdf>`: check an auditor pack's signature and hashes. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check an auditor pack: its signature, its manifest and (with --root) every file hash',
  args: '<pack.pdf>',
  positionals: { min: 1, max: 1 },
  options: {
    manifest: { type: 'string', value: 'FILE', description: 'the manifest to compare (default: manifest.json beside the pack)' },
    root: { type: 'string', value: 'DIR', description: 'the policy repo: hash its files at the manifest\'s commit' },
    'allow-unsigned': { type: 'boolean', description: 'accept a pack without a signature (still checks the hashes)' },
    'expect-signer': { type: 'string', value: 'SHA256', description: 'fail unless the signing certificate has this SHA-256 fingerprint (hex; colons optional)' },
    format: { type: 'string', value: 'FORMAT', description: `output format: ${FORMATS.join(', ')} (default: pretty)` },
    locale: { type: 'string', value: 'LOCALE', description: 'the language of the report (default: PRECEPT_LOCALE, else the terminal\'s LANG, else en)' },
  },
  details: 'Exit 0 when everything matches, 1 when anything does not (each mismatch is named), 2 when the pack cannot be read.\n' +
    'The signing certificate must be the one the pack\'s signed manifest records; pin the one you were given with\n' +
    '--expect-signer. A timestamp on the signature is checked and its trusted time shown; the signing time without one\n' +
    'is only the signer\'s claim. `pdfsig <pack.pdf>` (poppler) gives an independent signature check.',
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'pretty');
    const messages = loadMessages(readerLocale(ctx.io.env, ctx.string('locale')));
    const expectSigner = fingerprint(ctx.string('expect-signer'));
    const file = path.resolve(ctx.io.cwd, ctx.positionals[0]!);
    // A pack of thousands of pages is tens of megabytes; past 1 GiB it is not a pack precept wrote.
    const pdf = await ctx.readInput(ctx.positionals[0]!, 1 << 30);
    const manifestFlag = ctx.string('manifest');
    const manifestFile = manifestFlag ? path.resolve(ctx.io.cwd, manifestFlag) : path.join(path.dirname(file), 'manifest.json');
    const manifestText = await readFile(manifestFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (manifestFlag) throw failure('cli.cannot-read', { file: manifestFlag, reason: error.code ?? error.message }, { cause: error });
      return undefined;
    });
    const root = ctx.string('root');
    const report = await verifyPack({
      pdf, pdfName: path.basename(file), manifestText,
      root: root ? path.resolve(ctx.io.cwd, root) : undefined,
      allowUnsigned: ctx.flag('allow-unsigned'),
      expectSigner,
    });
    if (format === 'json') {
      // `code` is the stable name of each finding for scripts; `message` is for people, in --locale.
      const findings = report.findings.map((f) => ({ status: f.status, subject: f.subject, code: f.message.key.slice('verify.'.length), message: messages.say(f.message) }));
      ctx.out(JSON.stringify({ ok: report.ok, findings }, null, 2));
      return report.ok ? 0 : 1;
    }
    const width = Math.max(...(['ok', 'warn', 'fail', 'note'] as const).map((s) => stringWidth(messages.t(`verify.status.${s}`))));
    for (const f of report.findings) ctx.out(line(messages, f, width));
    if (manifestText === undefined) ctx.out(line(messages, { status: 'note', subject: '', message: { key: root ? 'verify.no-manifest-root' : 'verify.no-manifest' } }, width));
    const failed = report.findings.filter((f) => f.status === 'fail').length;
    ctx.out(report.ok ? messages.t('verify.verified', { file: path.basename(file) }) : messages.t('verify.failed', { file: path.basename(file), count: failed }));
    return report.ok ? 0 : 1;
  },
};
