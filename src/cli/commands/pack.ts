import { usageFailure } from '../../core/i18n/failure.js';
import { checkLabel } from '../../records/distributions/distributions.js';
import { parsePeriod } from '../../render/pack/period.js';
import { COMMON, type Command } from '../command.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { CACHE_DIR_OPTION } from '../cache-dir.js';
import { openPrinter } from '../open-printer.js';
import { PREPARED_BY, TSA_OPTIONS } from '../pack-options.js';

/** `precept pack`: the signed auditor pack for an audit period, or a recorded copy of it for one recipient. */
export const packCommand: Command = {
  name: 'pack',
  summary: 'build the auditor pack: every policy version in force in a period, its evidence and exceptions, in one signed PDF',
  options: {
    from: { type: 'string', value: 'DATE', description: 'first day of the audit period (YYYY-MM-DD)' },
    to: { type: 'string', value: 'DATE', description: 'last day of the audit period (YYYY-MM-DD)' },
    sign: { type: 'string', value: 'FILE', description: 'sign with this PKCS#12 file (.p12); passphrase from $PRECEPT_SIGN_PASSPHRASE or signing.passphraseEnv' },
    'prepared-by': PREPARED_BY,
    recipient: { type: 'string', value: 'TEXT', description: 'make a copy for this recipient ("Jane Roe, Example Audit LLP"), recorded in records/distributions.jsonl' },
    reference: { type: 'string', value: 'TEXT', description: 'with --recipient: the agreement the copy is given under (an NDA number)' },
    ...TSA_OPTIONS,
    root: COMMON.root,
    out: COMMON.out,
    'allow-dirty': { type: 'boolean', description: 'build even when policy sources have uncommitted changes' },
    'cache-dir': CACHE_DIR_OPTION,
    quiet: COMMON.quiet,
  },
  details: 'Writes <out>/pack/<org>-policies-<from>-<to>.pdf and manifest.json beside it; with --recipient, a copy under\n' +
    '<out>/pack/copies/<copy id>/ whose every page names the recipient and the copy id, recorded in records/distributions.jsonl\n' +
    '(see `precept distributions`). Everything is judged as of the period: the roster, controls and frameworks of the last\n' +
    'commit by its end, versions in force from git history. Without --sign the pack is unsigned and says so on its cover.\n' +
    'With --tsa the signature carries a trusted time from that timestamp authority; if the authority fails, no pack is written.\n' +
    'Check it with `precept verify <pack.pdf>`, `pdfsig`, `pdfdetach -list` and `sha256sum`.',
  async run(ctx) {
    const started = performance.now();
    const period = parsePeriod(ctx.string('from'), ctx.string('to'));
    const recipientFlag = ctx.string('recipient');
    const referenceFlag = ctx.string('reference');
    if (referenceFlag !== undefined && recipientFlag === undefined) throw usageFailure('cli.reference');
    const recipient = recipientFlag !== undefined ? checkLabel('--recipient', recipientFlag, 200) : undefined;
    const reference = referenceFlag !== undefined ? checkLabel('--reference', referenceFlag, 100) : undefined;
    const config = await ctx.config();
    const messages = loadMessages(config.locale);
    // A pack always prints (its front matter is new): start Chromium first, so it boots while the
    // pack's code loads (half a second of compiling modules, see pack-run.ts), the signer is
    // decrypted and the repo is read (it is closed again if a precondition refuses).
    const printer = await openPrinter(ctx, ctx.root, config, { warm: true });
    try {
      const { runPack } = await import('./pack-run.js');
      return await runPack(ctx, { started, period, recipient, reference, config, messages, printer });
    } finally {
      await printer.close();
    }
  },
};
