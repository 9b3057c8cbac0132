import path from 'node:path';
import { usageFailure } from '../../core/i18n/failure.js';
import { writeFileAtomically } from '../../core/output/atomic.js';
import { ledgerInstant } from '../../records/acks/ack-time.js';
import { assertIntact, checkLabel, deliverCopy, newCopyId, readDistributions } from '../../records/distributions/distributions.js';
import { GitRepo } from '../../history/git.js';
import { buildPack } from '../../render/pack/build-pack.js';
import { packFileName } from '../../render/pack/pack-stage.js';
import { parsePeriod } from '../../render/pack/period.js';
import { readPackSources } from '../../render/pack/state.js';
import { COMMON, type Command } from '../command.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { CACHE_DIR_OPTION } from '../cache-dir.js';
import { packPreconditions, PREPARED_BY, TSA_OPTIONS } from '../pack-options.js';
import { openPdfTools } from '../pdf-tools.js';
import { outDir } from './build.js';
import { progressLine } from '../progress.js';

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
    const quiet = ctx.flag('quiet');
    const config = await ctx.config();
    const messages = loadMessages(config.locale);
    // A pack always prints (its front matter is new): start Chromium first, so it boots while the
    // signer is decrypted and the repo is read (it is closed again if a precondition refuses).
    const tools = await openPdfTools(ctx, ctx.root, config, { warm: true });
    const progress = progressLine(ctx, 'Building pack');
    try {
      const git = await GitRepo.open(ctx.root);
      const { signer, dirty, preparedBy, tsa } = await packPreconditions(ctx, config, git);
      // A damaged distributions ledger refuses the copy before anything is built.
      const ledger = recipient !== undefined ? await readDistributions(ctx.root, config.paths.records, git) : undefined;
      if (ledger) assertIntact(ledger);
      const sources = await readPackSources(ctx.root, git, period, { dirty });
      for (const d of sources.problems) {
        ctx.err(messages.t('cli.pack.problem', { file: d.file, at: sources.at ? 'commit' : 'tree', commit: sources.at?.commit.slice(0, 12) ?? '', line: String(d.line), column: String(d.column), message: d.message }));
      }
      const copy = recipient !== undefined ? { copy: newCopyId(), recipient, reference } : undefined;
      const base = packFileName(config.organization.slug, period.from, period.to);
      const fileName = copy ? base.replace(/\.pdf$/, `-${copy.copy}.pdf`) : base;
      const packDir = copy ? path.join(outDir(ctx), 'pack', 'copies', copy.copy) : path.join(outDir(ctx), 'pack');
      const signingTime = tools.fixedTime ? tools.time : ctx.now();
      const pack = await buildPack({
        root: ctx.root, git, period, sources, theme: tools.theme, markdown: tools.markdown, printer: tools.printer,
        buildTime: tools.time, signer, signingTime, fixedTime: tools.fixedTime, tsa, preparedBy, fileName, dirty, distribution: copy,
        onProgress: progress.update,
      });
      progress.done();
      const manifestText = `${JSON.stringify(pack.manifest, null, 2)}\n`;
      if (copy && ledger) {
        await deliverCopy({
          dir: packDir, file: fileName, pdf: pack.pdf, manifest: manifestText, ledger,
          record: {
            copy: copy.copy, recipient: copy.recipient, ...(copy.reference ? { reference: copy.reference } : {}), by: preparedBy,
            at: ledgerInstant(ctx.now().getTime()), file: fileName, sha256: pack.manifest.pack.sha256, pages: pack.pages,
            period, ...(pack.manifest.commit ? { commit: pack.manifest.commit } : {}), signed: Boolean(signer),
            ...(signer ? { signer: signer.certificate.fingerprint } : {}),
          },
        });
      } else {
        await writeFileAtomically(path.join(packDir, fileName), pack.pdf);
        await writeFileAtomically(path.join(packDir, 'manifest.json'), manifestText);
      }
      if (!git) ctx.err(messages.t('cli.pack.no-git'));
      if (signer?.certificate.selfSigned) ctx.err(messages.t('cli.pack.self-signed', { name: signer.certificate.name }));
      for (const note of pack.notes) ctx.err(messages.t('cli.pack.note', { note }));
      if (!quiet) {
        const shown = path.relative(ctx.io.cwd, path.join(packDir, fileName));
        const policies = new Set(pack.versions.map((v) => v.id)).size;
        ctx.out(messages.t('cli.pack.wrote', {
          file: shown.startsWith('..') ? path.join(packDir, fileName) : shown, pages: pack.pages, versions: pack.versions.length, policies,
          from: messages.reportDate(period.from), to: messages.reportDate(period.to),
          signed: signer ? (tsa ? 'timestamped' : 'signed') : 'unsigned', signer: signer?.certificate.name ?? '',
          seconds: ((performance.now() - started) / 1000).toFixed(1),
        }));
        if (copy && ledger) ctx.out(messages.t('cli.pack.copy', { copy: copy.copy, recipient: copy.recipient, reference: copy.reference ?? '', under: copy.reference ? 'yes' : 'no', file: ledger.file }));
      }
      return 0;
    } finally {
      progress.done();
      await tools.printer.close();
    }
  },
};
