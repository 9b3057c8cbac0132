import path from 'node:path';
import { check } from '../../check/check.js';
import { writeDirAtomically } from '../../output/atomic.js';
import { buildPdfs } from '../../render-pdf/build-pdfs.js';
import { COMMON, type Command } from '../command.js';
import { plural, problemSummary, seconds } from '../context.js';
import { openPdfTools, outDir } from '../pdf-tools.js';
import { progressLine } from '../progress.js';

/** `precept build`: check, then write the outputs (for now: one PDF per policy under <out>/pdf/). */
export const buildCommand: Command = {
  name: 'build',
  summary: 'check the repo, then build its outputs: one PDF per policy in <out>/pdf/',
  options: {
    root: COMMON.root,
    out: COMMON.out,
    'no-pdf': { type: 'boolean', description: 'skip the per-policy PDFs' },
    'as-of': COMMON.asOf,
    quiet: COMMON.quiet,
  },
  details: 'Refuses to build (exit 1) when `precept check` finds errors. PDFs whose content did not change\n' +
    'come from the cache in .precept-cache/pdf/. With SOURCE_DATE_EPOCH set, output is byte-for-byte reproducible.',
  async run(ctx) {
    const started = performance.now();
    const quiet = ctx.flag('quiet');
    const result = await check(ctx.root, { asOf: ctx.asOf() });
    ctx.printDiagnostics(result.diagnostics, { format: 'pretty', files: result.files, sources: result.project.sources, quiet });
    if (result.counts.errors > 0) {
      ctx.err(`precept build: not building: ${problemSummary(result.diagnostics)} (run \`precept check\` for details)`);
      return 1;
    }
    const project = result.project;
    const out = outDir(ctx);
    const relative = path.relative(ctx.io.cwd, out);
    const shown = relative === '' ? '.' : relative.startsWith('..') ? out : relative;
    if (ctx.flag('no-pdf')) {
      if (!quiet) ctx.out(`Checked ${plural(project.policies.length, 'policy', 'policies')}; PDFs skipped (--no-pdf) in ${seconds(performance.now() - started)}`);
      return 0;
    }
    const tools = await openPdfTools(ctx, project.root, project.config);
    const progress = progressLine(ctx, 'Rendering PDFs');
    try {
      const pdfDir = path.join(out, 'pdf');
      const built = await writeDirAtomically(pdfDir, (tmp) => buildPdfs({
        project, printer: tools.printer, theme: tools.theme, markdown: tools.markdown, outDir: tmp, buildTime: tools.time,
        onProgress: progress.update,
      }));
      progress.done();
      await tools.printer.pruneCache(ctx.now());
      if (!quiet) {
        const pages = built.reduce((n, b) => n + b.pages, 0);
        const cached = built.filter((b) => b.cached).length;
        ctx.out(`Built ${plural(built.length, 'PDF')} (${plural(pages, 'page')}; ${built.length - cached} rendered, ${cached} unchanged) in ${path.join(shown, 'pdf')} in ${seconds(performance.now() - started)}`);
      }
      return 0;
    } finally {
      progress.done();
      await tools.printer.close();
    }
  },
};
