import type { PDFDocument } from 'pdf-lib';
import type { PrintJob } from '../pdf/print-job.js';
import type { CertificateInfo } from '../sign/signer.js';
import { placeParts } from './assemble.js';
import type { PackManifest } from './manifest.js';
import { sectionJob, type PackContext } from './sections.js';
import { failure } from '../../core/i18n/failure.js';

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
  /** The contents' page count as a draft printed it (draftContents): the first guess, so the contents usually print once. */
  contentsPages?: number | undefined;
}

type BodyPart = FrontMatterInput['body'][number];

/** The contents' lines: each part that starts a section, a group's heading before its first member. */
function contentsEntries(placed: readonly { title: string; group: string | undefined; page: number; continues: boolean }[]) {
  const entries: { title: string; page: number | string; sub: boolean }[] = [];
  for (const p of placed) {
    if (p.continues) continue;
    if (p.group && !entries.some((e) => e.title === p.group)) entries.push({ title: p.group, page: p.page, sub: false });
    entries.push({ title: p.title, page: p.page, sub: Boolean(p.group) });
  }
  return entries;
}

/**
 * The contents printed early, from the parts' titles alone (every page number the same run of
 * digits, as wide as the pack's numbers are likely to be), for its page count: the contents'
 * length moves every number in it, and guessing one page printed the cover and the contents
 * twice at the very end of a large pack. A wrong guess costs only that second print again.
 */
export async function draftContents(
  ctx: PackContext, body: readonly Omit<BodyPart, 'pages'>[], digits: number, print: (job: PrintJob) => Promise<PDFDocument>,
): Promise<number | undefined> {
  const page = '8'.repeat(Math.max(1, digits));
  const entries = contentsEntries(placeParts(body.map((p) => ({ ...p, pages: 1 })))).map((e) => ({ ...e, page }));
  // A short contents is one page, as the first guess has it: a draft would only be one more print.
  if (entries.length <= ONE_PAGE_ENTRIES) return undefined;
  return (await print(await sectionJob(ctx, 'contents', { entries }))).getPageCount();
}

/** Contents lines surely on one page (the shipped theme's A4 contents page holds 34). */
const ONE_PAGE_ENTRIES = 30;

/**
 * Prints the cover and the contents last, when every other part's page count is known. The
 * contents' own length moves every number after it, so it is printed until its length and the
 * numbers in it agree (once or twice in practice).
 */
export async function frontMatter(ctx: PackContext, input: FrontMatterInput): Promise<{ cover: PDFDocument; contents: PDFDocument }> {
  const { manifest, signer } = input;
  const m = ctx.messages;
  let coverPages = 1;
  let contentsPages = input.contentsPages ?? 1;
  for (let attempt = 0; attempt < 4; attempt++) {
    const placed = placeParts([{ title: 'cover', pages: coverPages }, { title: 'contents', pages: contentsPages }, ...input.body]).slice(2);
    const totalPages = placed.reduce((n, p) => n + p.pages, coverPages + contentsPages);
    const entries = contentsEntries(placed);
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
  throw failure('pack.contents-unsettled');
}
