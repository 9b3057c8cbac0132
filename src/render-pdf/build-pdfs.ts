import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from '../content-hash/content-hash.js';
import { mapLimit } from '../load/concurrency.js';
import type { MarkdownRenderer } from '../markdown/render.js';
import { isValidPolicy, type Project } from '../project/types.js';
import type { Theme } from '../theme/theme.js';
import { policyDocument, type PolicyDocument } from './policy-document.js';
import type { PdfPrinter } from './printer.js';
import { policyPrintJob } from './templates.js';

/** Inputs of the PDF stage. */
export interface BuildPdfsOptions {
  project: Project;
  printer: PdfPrinter;
  theme: Theme;
  /** One renderer per build: its block cache is shared with the other stages. */
  markdown: MarkdownRenderer;
  /** Folder the PDFs are written into (the caller makes it atomic). */
  outDir: string;
  /** Dates written into the PDFs (SOURCE_DATE_EPOCH or the HEAD commit's time). */
  buildTime: Date;
  onProgress?: (done: number, total: number) => void;
}

/** One PDF written by the stage. */
export interface BuiltPdf {
  id: string;
  version: string;
  status: string;
  /** File name inside outDir: `<id>-v<version>.pdf`. */
  file: string;
  pages: number;
  sha256: string;
  /** Served from the content-hash cache rather than printed. */
  cached: boolean;
}

/** The file name of a policy version's PDF. */
export function policyPdfName(id: string, version: string): string {
  return `${id}-v${version}.pdf`;
}

/** Document information for a policy PDF. */
export function policyInfo(doc: PolicyDocument): { title: string; author: string; subject: string; keywords: string[] } {
  return {
    title: `${doc.title} v${doc.version}`,
    author: doc.organization,
    subject: doc.summary ?? `${doc.title}, version ${doc.version} (${doc.status})`,
    keywords: [doc.id, doc.version, doc.status, doc.classification],
  };
}

/**
 * The PDF stage: one PDF per current policy (every policy whose frontmatter is valid), written as
 * `<outDir>/<id>-v<version>.pdf`. Policies that are not approved carry a banner saying so.
 */
export async function buildPdfs(options: BuildPdfsOptions): Promise<BuiltPdf[]> {
  const { project, printer, theme, markdown, outDir, buildTime } = options;
  const policies = project.policies.filter(isValidPolicy).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const paper = project.config.pdf.paper;
  let done = 0;
  options.onProgress?.(0, policies.length);
  // A few more jobs in flight than pages, so the browser never waits for Node.
  const inFlight = Math.max(2, os.availableParallelism() * 2);
  return mapLimit(policies, inFlight, async (policy) => {
    const doc = policyDocument(project, { id: policy.id, meta: policy.meta as unknown as Record<string, unknown>, body: policy.body }, markdown);
    const job = await policyPrintJob(theme, doc, paper);
    const pdf = await printer.print(job, policyInfo(doc), buildTime);
    const file = policyPdfName(policy.id, policy.meta.version);
    await writeFile(path.join(outDir, file), pdf.bytes);
    options.onProgress?.(++done, policies.length);
    return { id: policy.id, version: policy.meta.version, status: policy.meta.status, file, pages: pdf.pages, sha256: sha256(pdf.bytes), cached: pdf.cached };
  });
}
