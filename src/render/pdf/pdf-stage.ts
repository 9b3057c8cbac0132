import path from 'node:path';
import type { BuildOptions, BuildStage, StageResult } from '../build/context.js';
import { writeDirAtomically } from '../../core/output/atomic.js';
import type { Resources } from '../../core/resources.js';
import type { Project } from '../../repo/project/types.js';
import { currentBodyRef } from '../data/version-list.js';
import { buildPdfs, likelyToPrint } from './build-pdfs.js';
import { PdfPrinter } from './printer.js';
import { phrase } from '../../core/i18n/phrase.js';

/** What the PDF stage made. */
export interface PdfStageResult extends StageResult {
  pdfs: number;
  pages: number;
  rendered: number;
  unchanged: number;
}

/**
 * The build's one printer, shared by the stages that print (PDFs, the pack): created on first use
 * (warm starts it so Chromium boots while the repo is checked), owned and closed by the build.
 */
export function printerFor(resources: Resources, options: BuildOptions, project: Project): PdfPrinter {
  return resources.shared('pdf-printer', () => PdfPrinter.create({
    env: options.env,
    configuredBrowser: project.config.browser.executable,
    runningAsRoot: options.runningAsRoot ?? false,
    cacheDir: options.cacheDir === undefined ? undefined : path.join(options.cacheDir, 'pdf'),
  }));
}

/** `<out>/pdf/<id>-v<version>.pdf` for every current policy, swapped in whole. */
export const pdfStage: BuildStage = {
  name: 'pdf',
  warm(resources, options, project) {
    // Chromium costs most of a second of CPU to start: not for a rebuild whose PDFs are all cached.
    const printer = printerFor(resources, options, project);
    if (likelyToPrint(project, printer.cacheDir)) printer.warmUp();
  },
  async run(ctx): Promise<PdfStageResult> {
    const printer = printerFor(ctx.resources, ctx.options, ctx.project);
    const target = path.join(ctx.outDir, 'pdf');
    const built = await writeDirAtomically(target, (tmp) => buildPdfs({
      project: ctx.project, printer, theme: ctx.theme, markdown: ctx.renderer, outDir: tmp,
      assets: (policy) => ctx.assets.forBody(currentBodyRef(policy), undefined),
      buildTime: ctx.buildTime ?? ctx.options.now(),
      ...(ctx.options.onProgress ? { onProgress: (done: number, total: number) => ctx.options.onProgress!('Rendering PDFs', done, total) } : {}),
    }));
    await printer.pruneCache(ctx.options.now());
    const unchanged = built.filter((b) => b.cached).length;
    return {
      name: 'pdf', output: target, counts: [phrase('cli.build.count.pdfs', { count: built.length })],
      pdfs: built.length, pages: built.reduce((n, b) => n + b.pages, 0), rendered: built.length - unchanged, unchanged,
    };
  },
};
