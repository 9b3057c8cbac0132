import path from 'node:path';
import { check } from '../../check/check.js';
import { loadConfig } from '../../repo/config/config.js';
import { GitRepo } from '../../history/git.js';
import { writeFileAtomically } from '../../core/output/atomic.js';
import { buildPack } from '../../render/pack/build-pack.js';
import { packFileName } from '../../render/pack/pack-stage.js';
import { packRecordsFromLedgers } from '../../render/pack/ledger-records.js';
import { parsePeriod } from '../../render/pack/period.js';
import { COMMON, type Command } from '../command.js';
import { problemSummary, seconds } from '../context.js';
import { CACHE_DIR_OPTION } from '../cache-dir.js';
import { packPreconditions, TSA_OPTIONS } from '../pack-options.js';
import { openPdfTools } from '../pdf-tools.js';
import { outDir } from './build.js';
import { progressLine } from '../progress.js';

/** `precept pack`: the signed auditor pack for an audit period. */
export const packCommand: Command = {
  name: 'pack',
  summary: 'build the auditor pack: every policy version in force in a period, in one signed PDF',
  options: {
    from: { type: 'string', value: 'DATE', description: 'first day of the audit period (YYYY-MM-DD)' },
    to: { type: 'string', value: 'DATE', description: 'last day of the audit period (YYYY-MM-DD)' },
    sign: { type: 'string', value: 'FILE', description: 'sign with this PKCS#12 file (.p12); passphrase from $PRECEPT_SIGN_PASSPHRASE or signing.passphraseEnv' },
    ...TSA_OPTIONS,
    root: COMMON.root,
    out: COMMON.out,
    'allow-dirty': { type: 'boolean', description: 'build even when policy sources have uncommitted changes' },
    'cache-dir': CACHE_DIR_OPTION,
    quiet: COMMON.quiet,
  },
  details: 'Writes <out>/pack/<org>-policies-<from>-<to>.pdf and manifest.json beside it. Versions in force come from git\n' +
    'history and effective dates. Without --sign the pack is unsigned and says so on its cover. With --tsa the signature\n' +
    'carries a trusted time from that timestamp authority; if the authority fails, no pack is written.\n' +
    'Check it with `precept verify <pack.pdf>`, `pdfsig` and `sha256sum`.',
  async run(ctx) {
    const started = performance.now();
    const period = parsePeriod(ctx.string('from'), ctx.string('to'));
    const quiet = ctx.flag('quiet');
    const config = await loadConfig(ctx.root);
    const git = await GitRepo.open(ctx.root);
    const { signer, dirty, tsa } = await packPreconditions(ctx, config, git);
    // A pack always prints (its front matter is new): start Chromium while the repo is checked.
    const tools = await openPdfTools(ctx, ctx.root, config, { warm: true });
    const progress = progressLine(ctx, 'Building pack');
    try {
      const result = await check(ctx.root, { asOf: period.to });
      ctx.printDiagnostics(result.diagnostics, { format: 'pretty', files: result.files, sources: result.project.sources, quiet: true });
      if (result.counts.errors > 0) {
        ctx.err(`precept pack: not building: ${problemSummary(result.diagnostics)} (run \`precept check\` for details)`);
        return 1;
      }
      const project = result.project;
      const fileName = packFileName(project.config.organization.slug, period.from, period.to);
      const packDir = path.join(outDir(ctx), 'pack');
      const pack = await buildPack({
        project, git: tools.git, period, records: (versions) => packRecordsFromLedgers(project, versions, period.from, period.to), theme: tools.theme, markdown: tools.markdown, printer: tools.printer,
        buildTime: tools.time, signer, signingTime: tools.fixedTime ? tools.time : ctx.now(), tsa, fileName, dirty,
        onProgress: progress.update,
      });
      progress.done();
      await writeFileAtomically(path.join(packDir, fileName), pack.pdf);
      await writeFileAtomically(path.join(packDir, 'manifest.json'), `${JSON.stringify(pack.manifest, null, 2)}\n`);
      if (!tools.git) ctx.err('precept pack: warning: not a git repository: only current approved versions are included (the pack says so)');
      if (signer?.certificate.selfSigned) ctx.err(`precept pack: warning: signed with a self-signed certificate (${signer.certificate.name}); auditors will not trust it`);
      if (!quiet) {
        const shown = path.relative(ctx.io.cwd, path.join(packDir, fileName));
        const policies = new Set(pack.versions.map((v) => v.id)).size;
        ctx.out(`Wrote ${shown.startsWith('..') ? path.join(packDir, fileName) : shown}: ${pack.pages} pages, ${pack.versions.length} versions of ${policies} policies in force ${period.from} to ${period.to}, ${signer ? `signed by ${signer.certificate.name}${tsa ? ', timestamped' : ''}` : 'unsigned'}, in ${seconds(performance.now() - started)}`);
      }
      return 0;
    } finally {
      progress.done();
      await tools.printer.close();
    }
  },
};
