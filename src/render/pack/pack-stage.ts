import path from 'node:path';
import type { BuildStage, StageResult } from '../build/context.js';
import { writeFileAtomically } from '../../core/output/atomic.js';
import { printerFor } from '../pdf/pdf-stage.js';
import { buildPack } from './build-pack.js';

/** The auditor pack's file name: `<org>-policies-<from>-<to>.pdf`. */
export function packFileName(slug: string, from: string, to: string): string {
  return `${slug}-policies-${from}-${to}.pdf`;
}

/** What the pack stage made. */
export interface PackStageResult extends StageResult {
  pages: number;
  versions: number;
  signed: boolean;
  file: string;
}

/**
 * `<out>/pack/<org>-policies-<from>-<to>.pdf` and `manifest.json`, when the build was asked for
 * a pack (`precept build --pack`): the same pack as `precept pack`, made in the same process as
 * the PDFs, with the same browser and renderer.
 */
export const packStage: BuildStage = {
  name: 'pack',
  warm(resources, options, project) {
    printerFor(resources, options, project).warmUp();
  },
  async run(ctx): Promise<PackStageResult> {
    const request = ctx.options.pack!;
    const { project } = ctx;
    const { period } = request;
    const fileName = packFileName(project.config.organization.slug, period.from, period.to);
    const target = path.join(ctx.outDir, 'pack');
    const pack = await buildPack({
      root: project.root, git: ctx.git, readHistory: ctx.readHistory, period, theme: ctx.theme, markdown: ctx.renderer, printer: printerFor(ctx.resources, ctx.options, project),
      buildTime: ctx.buildTime ?? ctx.options.now(), signer: request.signer, signingTime: request.signingTime, fixedTime: request.fixedTime, tsa: request.tsa,
      preparedBy: request.preparedBy, fileName, dirty: request.dirty ?? false,
      // The PDF stage prints the current versions' own PDFs meanwhile: taking them when it got there first would make the pack's bytes depend on timing.
      reuseVersionPdfs: false,
      ...(ctx.options.onProgress ? { onProgress: (done: number, total: number) => ctx.options.onProgress!('Building pack', done, total) } : {}),
    });
    // Packs of other periods stay beside it: write the two files, each atomically.
    await writeFileAtomically(path.join(target, fileName), pack.pdf);
    await writeFileAtomically(path.join(target, 'manifest.json'), `${JSON.stringify(pack.manifest, null, 2)}\n`);
    return {
      name: 'pack', output: target, counts: [`a ${request.signer ? 'signed' : 'unsigned'} ${pack.pages}-page pack`],
      pages: pack.pages, versions: pack.versions.length, signed: Boolean(request.signer), file: path.join(target, fileName),
    };
  },
};
