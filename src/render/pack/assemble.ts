import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, type PDFPage } from 'pdf-lib';
import type { PolicyDocument } from '../pdf/policy-document.js';
import { loadForCopy } from './lazy-load.js';

/** One part of the pack: its pages, copied into the pack (PartCopier), and how its bookmark reads. */
export interface PackPart {
  /** Bookmark title. */
  title: string;
  pages: PDFPage[];
  /** Bookmarks grouped under a parent entry (e.g. "Policies in force"). */
  group?: string;
  /** A later piece of the part before (a long table printed in pieces): no entry of its own. */
  continues?: boolean;
  /** A policy version printed without its running header and footer: the pack draws them (RunningText). */
  running?: PolicyDocument;
}

/** Where a part starts in the merged document (1-based page). */
export interface PartPlacement {
  title: string;
  group: string | undefined;
  page: number;
  pages: number;
  continues: boolean;
}

/** Pages each part will start on when merged in order, the first page being 1. */
export function placeParts(parts: readonly { title: string; group?: string | undefined; continues?: boolean | undefined; pages: number }[]): PartPlacement[] {
  let page = 1;
  return parts.map((p) => {
    const placed = { title: p.title, group: p.group, page, pages: p.pages, continues: p.continues ?? false };
    page += p.pages;
    return placed;
  });
}

/**
 * Copies printed parts into one document as they arrive, in the order they were queued: each
 * printed PDF is read when its turn comes (a part that arrives early waits as bytes, a fraction
 * of its parsed size; only what its pages use is parsed, see loadForCopy), copied and dropped at once (holding every one until the end cost a
 * 600-version pack hundreds of MB), and the merged file's objects come in the same order however
 * printing interleaves, so the pack stays byte-identical. Pages join the document in `addParts`.
 */
export class PartCopier {
  private tail: Promise<unknown> = Promise.resolve();
  private constructor(readonly doc: PDFDocument) {}

  static async create(): Promise<PartCopier> {
    return new PartCopier(await PDFDocument.create({ updateMetadata: false }));
  }

  /** The part's pages (a PDF's bytes, or one parsed already), copied once it is printed and every part queued before it is copied. */
  queue(printed: Promise<Uint8Array | PDFDocument>): Promise<PDFPage[]> {
    return this.queueMany(printed.then((part) => [part])).then(([pages]) => pages!);
  }

  /** Several PDFs printed together (a job's worth), each one's pages, copied in order in the same turn. */
  queueMany(printed: Promise<readonly (Uint8Array | PDFDocument)[]>): Promise<PDFPage[][]> {
    // A part that fails while earlier ones are still copying is reported through `copied`, not as unhandled.
    printed.catch(() => undefined);
    const copied = this.tail.then(async () => {
      const out: PDFPage[][] = [];
      for (const part of await printed) {
        const pdf = part instanceof PDFDocument ? part : await loadForCopy(part);
        out.push(await this.doc.copyPages(pdf, pdf.getPageIndices()));
      }
      return out;
    });
    this.tail = copied.catch(() => undefined);
    return copied;
  }
}

/** Adds the parts' copied pages to the document in order, and says where each part starts. */
export function addParts(doc: PDFDocument, parts: readonly PackPart[]): PartPlacement[] {
  for (const part of parts) for (const page of part.pages) doc.addPage(page);
  return placeParts(parts.map((p) => ({ title: p.title, group: p.group, continues: p.continues, pages: p.pages.length })));
}

/** A bookmark: a title, the 1-based page it opens, and children. */
export interface Bookmark {
  title: string;
  page: number;
  children?: Bookmark[];
}

/** Writes the document outline (PDF bookmarks) and asks viewers to show it. */
export function writeOutline(doc: PDFDocument, bookmarks: readonly Bookmark[]): void {
  const ctx = doc.context;
  const pageRefs = doc.getPages().map((p) => p.ref);
  const root = ctx.nextRef();
  const level = (items: readonly Bookmark[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } | undefined => {
    if (!items.length) return undefined;
    const refs = items.map(() => ctx.nextRef());
    let count = items.length;
    items.forEach((b, i) => {
      const page = pageRefs[Math.min(Math.max(b.page - 1, 0), pageRefs.length - 1)]!;
      const dict = ctx.obj({ Title: PDFHexString.fromText(b.title), Parent: parent, Dest: [page, 'Fit'] });
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      const kids = level(b.children ?? [], refs[i]!);
      if (kids) {
        dict.set(PDFName.of('First'), kids.first);
        dict.set(PDFName.of('Last'), kids.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(kids.count));
        count += kids.count;
      }
      ctx.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  };
  const top = level(bookmarks, root);
  if (!top) return;
  ctx.assign(root, ctx.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: PDFNumber.of(top.count) }));
  doc.catalog.set(PDFName.of('Outlines'), root);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
