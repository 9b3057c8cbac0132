import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument } from 'pdf-lib';
import { importedFonts } from '../pdf/fonts.js';
import { messagesFor, type PolicyDocument } from '../pdf/policy-document.js';
import { DEFAULT_MARGINS, type Paper, type PrintJob } from '../pdf/print-job.js';
import type { PdfPrinter } from '../pdf/printer.js';
import { pdfCss, policyPrintJob } from '../pdf/templates.js';
import type { Theme } from '../theme/theme.js';
import { loadForCopy } from './lazy-load.js';
import { shippedTemplates } from './running-text.js';

/**
 * Versions printed in one Chromium job. Each job costs Chromium a document, a print compositor
 * and the fonts' subsets again; ten versions a job took about half the CPU of one a job
 * (measured on 60 versions of the 200 x 3 bench repo: 5.8 -> 3.0 s of Chromium CPU).
 */
export const VERSIONS_PER_JOB = 10;

/** The versions of a job, each with its pages in the printed PDF, and whether the pack draws its running header and footer. */
export interface PrintedVersions {
  pdf: Uint8Array | PDFDocument;
  parts: { doc: PolicyDocument; from: number; to: number | undefined; running: boolean }[];
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Whether versions can print together: the theme's policy page, header, footer and stylesheet are
 * precept's own (the pack draws that header and footer, see RunningText, and a stylesheet of a
 * repo's might style the page's body, which a job of many versions wraps; a repo's own print as
 * they always did, one job per version).
 */
export function canBatch(theme: Theme): boolean {
  return shippedTemplates(theme, ['pdf/policy.hbs', 'pdf/header.hbs', 'pdf/footer.hbs', 'pdf/pdf.css']);
}

/**
 * Prints versions (in pack order) as few jobs as keep every page as it was: runs of the same
 * language (the page's language sets its line height) whose bodies have no top-level heading of
 * their own and no links within the document print together (each version's block is the target
 * of a hidden link, and the named destination Chromium writes for it says where it starts),
 * anything else alone, as before. A job whose destinations do not match its versions is printed
 * again one version a job.
 */
export async function printVersions(printer: PdfPrinter, theme: Theme, docs: readonly PolicyDocument[], paper: Paper, batch: boolean, reuse = true): Promise<PrintedVersions[]> {
  const out: PrintedVersions[] = [];
  const single = async (doc: PolicyDocument): Promise<PrintedVersions> => ({
    pdf: (await printer.printRaw(await policyPrintJob(theme, doc, paper))).raw,
    parts: [{ doc, from: 0, to: undefined, running: false }],
  });
  // A version whose own PDF `precept build` printed already (a current one) is taken from the cache as it is (unless `reuse` is off).
  const cached = batch && reuse ? await Promise.all(docs.map(async (doc) => printer.cachedRaw(await policyPrintJob(theme, doc, paper)))) : [];
  // In one document, a link within a version (`#id`, a footnote) could land on another version's element of the same id.
  const together = (k: number) => cached[k] === undefined && !/<h1\b/i.test(docs[k]!.bodyHtml) && !/href="#/i.test(docs[k]!.bodyHtml);
  let i = 0;
  while (i < docs.length) {
    const hit = cached[i];
    if (hit) {
      out.push({ pdf: hit, parts: [{ doc: docs[i]!, from: 0, to: undefined, running: false }] });
      i++;
      continue;
    }
    const group = [docs[i]!];
    if (batch && together(i)) {
      while (i + group.length < docs.length && group[0]!.lang === docs[i + group.length]!.lang && together(i + group.length)) group.push(docs[i + group.length]!);
    }
    i += group.length;
    const job = group.length > 1 ? await batchJob(theme, group, paper) : undefined;
    if (!job) {
      for (const doc of group) out.push(await single(doc));
      continue;
    }
    const pdf = await loadForCopy((await printer.printRaw(job)).raw);
    const starts = destinationStarts(pdf, group.length);
    if (starts.length !== group.length || starts[0] !== 0 || starts.some((s, k) => k > 0 && s <= starts[k - 1]!)) {
      for (const doc of group) out.push(await single(doc));
      continue;
    }
    out.push({ pdf, parts: group.map((doc, k) => ({ doc, from: starts[k]!, to: starts[k + 1] ?? pdf.getPageCount(), running: true })) });
  }
  return out;
}

/**
 * One job of many versions: each version's page (`pdf/policy.hbs`, in its own language) as a
 * block starting on a new page, the fonts all of them need, no header or footer. Undefined when
 * the page template's output is not the shape this reads (a document with one body).
 */
async function batchJob(theme: Theme, docs: readonly PolicyDocument[], paper: Paper): Promise<PrintJob | undefined> {
  const css = await pdfCss(theme);
  const parts: string[] = [];
  for (const doc of docs) {
    const page = await theme.render('pdf/policy.hbs', { ...doc, css: '' }, messagesFor(doc.locale));
    const m = /<body([^>]*)>([\s\S]*)<\/body>\s*<\/html>\s*$/.exec(page);
    if (!m || m[2]!.includes('<body')) return undefined;
    if (/\sid\s*=/i.test(m[1]!)) return undefined;
    parts.push(`<div class="precept-version" id="${startId(parts.length)}" lang="${escape(doc.lang)}"${m[1]}>${m[2]}</div>`);
  }
  const lang = escape(docs[0]!.lang);
  // Links to each version, never shown: Chromium writes a named destination (its page) for every target of a link.
  const starts = `<nav class="precept-starts">${docs.map((_, k) => `<a href="#${startId(k)}"></a>`).join('')}</nav>`;
  const body = `<body>\n${parts.join('\n')}\n${starts}\n</body>`;
  const fonts = importedFonts(`<html lang="${lang}">${body}</html>`, docs[0]!.title);
  const html = `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<title>${escape(docs[0]!.title)}</title>\n` +
    `<style>${fonts}\n${css}\n.precept-version + .precept-version { break-before: page; }\n.precept-starts { display: none; }</style>\n</head>\n${body}\n</html>\n`;
  // Untagged: the pack copies only the pages (tagging costs Chromium about a third more), and the starts come from the named destinations.
  return { html, header: '', footer: '', paper, margin: DEFAULT_MARGINS, tagged: false };
}

/** The id of the k-th version's block in a job of many (a version's own ids are prefixed by the sanitizer, so never this). */
const startId = (k: number) => `precept-version-start-${k}`;

/** The page (0-based) each version of a job starts on, from the named destinations of their blocks; empty when one is missing. */
function destinationStarts(pdf: PDFDocument, count: number): number[] {
  const pages = new Map(pdf.getPages().map((p, i) => [p.ref, i]));
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const starts: number[] = [];
  for (let k = 0; k < count; k++) {
    const page = dests?.lookupMaybe(PDFName.of(startId(k)), PDFArray)?.get(0);
    const index = page instanceof PDFRef ? pages.get(page) : undefined;
    if (index === undefined) return [];
    starts.push(index);
  }
  return starts;
}
