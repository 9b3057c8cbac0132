import path from 'node:path';
import { writeFileAtomically } from '../../core/output/atomic.js';
import type { Messages } from '../../core/i18n/messages.js';
import { ledgerInstant } from '../../records/acks/ack-time.js';
import { assertIntact, deliverCopy, newCopyId, readDistributions } from '../../records/distributions/distributions.js';
import type { ResolvedConfig } from '../../repo/config/config.js';
import { GitRepo } from '../../history/git.js';
import { buildPack } from '../../render/pack/build-pack.js';
import { packFileName } from '../../render/pack/pack-stage.js';
import type { Period } from '../../render/pack/period.js';
import { readPackSources } from '../../render/pack/state.js';
import type { PdfPrinter } from '../../render/pdf/printer.js';
import { outDir, type CommandContext } from '../context.js';
import { packPreconditions } from '../pack-options.js';
import { openPdfTools } from '../pdf-tools.js';
import { progressLine } from '../progress.js';

/** What `precept pack` settled before its code loaded: the flags, the config and the browser, booting. */
export interface PackRun {
  started: number;
  period: Period;
  recipient: string | undefined;
  reference: string | undefined;
  config: ResolvedConfig;
  messages: Messages;
  /** Closed by the caller. */
  printer: PdfPrinter;
}

/**
 * `precept pack` once Chromium is booting: everything the pack needs (Markdown, templates, PDF
 * assembly, signing) loads here, in a module of its own, so that loading it overlaps the browser's
 * start instead of coming before it.
 */
export async function runPack(ctx: CommandContext, { started, period, recipient, reference, config, messages, printer }: PackRun): Promise<number> {
  const quiet = ctx.flag('quiet');
  const tools = await openPdfTools(ctx, ctx.root, config, printer);
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
      root: ctx.root, git, period, sources, theme: tools.theme, markdown: tools.markdown, printer: printer,
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
  }
}
