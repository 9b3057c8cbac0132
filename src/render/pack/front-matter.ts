import type { PDFDocument } from 'pdf-lib';
import { PreceptError } from '../../core/errors.js';
import type { PrintJob } from '../pdf/print-job.js';
import type { CertificateInfo } from '../sign/signer.js';
import { placeParts } from './assemble.js';
import type { PackManifest } from './manifest.js';
import { sectionJob, type PackContext } from './sections.js';

/** What the cover and the contents are made from. */
export interface FrontMatterInput {
  /** The parts after the contents, in order, with their page counts. */
  body: { title: string; group?: string | undefined; continues?: boolean | undefined; pages: number }[];
  manifest: PackManifest;
  policies: number;
  versions: number;
  signer: CertificateInfo | undefined;
  /** The source commit's time, and whether the made time was fixed by SOURCE_DATE_EPOCH. */
  commitTime: Date | undefined;
  fixedTime: boolean;
  dirty: boolean;
  /** Notes for the reader (problems in the files as of the period's end, a period not yet over). */
  notes: string[];
  print: (job: PrintJob) => Promise<PDFDocument>;
}

/**
 * Prints the cover and the contents last, when every other part's page count is known. The
 * contents' own length moves every number after it, so it is printed until its length and the
 * numbers in it agree (once or twice in practice).
 */
export async function frontMatter(ctx: PackContext, input: FrontMatterInput): Promise<{ cover: PDFDocument; contents: PDFDocument }> {
  const { manifest, signer } = input;
  const m = ctx.messages;
  let coverPages = 1;
  let contentsPages = 1;
  for (let attempt = 0; attempt < 4; attempt++) {
    const placed = placeParts([{ title: 'cover', pages: coverPages }, { title: 'contents', pages: contentsPages }, ...input.body]).slice(2);
    const totalPages = placed.reduce((n, p) => n + p.pages, coverPages + contentsPages);
    const entries: { title: string; page: number; sub: boolean }[] = [];
    for (const p of placed) {
      if (p.continues) continue;
      if (p.group && !entries.some((e) => e.title === p.group)) entries.push({ title: p.group, page: p.page, sub: false });
      entries.push({ title: p.title, page: p.page, sub: Boolean(p.group) });
    }
    const [cover, contents] = await Promise.all([
      sectionJob(ctx, 'cover', {
        commit: manifest.commit,
        commitTime: input.commitTime ? m.dateTime(input.commitTime) : undefined,
        state: manifest.state,
        history: manifest.history === 'git',
        preparedBy: manifest.preparedBy,
        made: m.dateTime(new Date(manifest.made)),
        fixedTime: input.fixedTime,
        signer: signer ? { ...signer, notAfter: signer.notAfter.toISOString().slice(0, 10) } : undefined,
        distribution: manifest.distribution,
        policies: input.policies,
        versions: input.versions,
        totalPages,
        dirty: input.dirty,
        notes: input.notes,
      }).then(input.print),
      sectionJob(ctx, 'contents', { entries }).then(input.print),
    ]);
    if (cover.getPageCount() === coverPages && contents.getPageCount() === contentsPages) return { cover, contents };
    coverPages = cover.getPageCount();
    contentsPages = contents.getPageCount();
  }
  throw new PreceptError('the pack contents did not settle on a page count; please report this as a bug');
}
