import { toolKey } from '../../core/tool-key.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import { mapLimit } from '../../repo/load/concurrency.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import { isValidPolicy, type Project, type ValidPolicy } from '../../repo/project/types.js';
import type { VersionAssets } from '../data/assets.js';
import type { Theme } from '../theme/theme.js';
import { messagesFor, policyDocument, type PolicyDocument } from './policy-document.js';
import { fontsKey } from '../../core/fonts/families.js';
import type { DocumentInfo } from './normalize.js';
import type { PdfPrinter } from './printer.js';
import { policyPrintJob } from './templates.js';

/** Inputs of the PDF stage. */
export interface BuildPdfsOptions {
  project: Project;
  printer: PdfPrinter;
  theme: Theme;
  /** One renderer per build: its block cache is shared with the other stages. */
  markdown: MarkdownRenderer;
  /** A policy's images and attachments (the current version's). */
  assets?: (policy: ValidPolicy) => Promise<VersionAssets>;
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

/**
 * Everything a policy PDF can depend on: every source file of the repo (the policy, the roster,
 * controls, catalogues, the config, other policies' titles), the theme, the message catalogues,
 * the fonts, and precept's version.
 * Coarse on purpose: any change renders the documents again (the print cache still saves the
 * browser work for the ones whose output did not change).
 */
async function inputsKey(project: Project, theme: Theme, assets: readonly string[] = []): Promise<string> {
  // toolKey covers precept's code, catalogues and messages; the fonts come from their own packages.
  const hash = createHash('sha256').update(`precept-pdf-inputs\0${toolKey()}\0${await theme.contentKey()}\0${fontsKey()}`);
  for (const a of assets) hash.update(`\0asset\0${a}`);
  for (const file of [...project.sources.keys()].sort()) hash.update(`\0${file}\0`).update(project.sources.get(file)!);
  return hash.digest('hex');
}

/**
 * Which print-cache entry and document info each policy's PDF had in the last build, and for
 * which inputs: one small file per policy beside the print cache, overwritten each build.
 */
class InputMemo {
  constructor(private readonly cacheDir: string | undefined, private readonly inputs: string) {}

  private file(id: string): string | undefined {
    return memoFile(this.cacheDir, id);
  }

  async get(id: string): Promise<{ key: string; info: DocumentInfo } | undefined> {
    const file = this.file(id);
    if (!file) return undefined;
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { inputs?: unknown; key?: unknown; info?: DocumentInfo };
      return data.inputs === this.inputs && typeof data.key === 'string' && data.info ? { key: data.key, info: data.info } : undefined;
    } catch {
      return undefined;
    }
  }

  async put(id: string, value: { key: string; info: DocumentInfo; source: string }): Promise<void> {
    const file = this.file(id);
    if (!file) return;
    // A cache that cannot be written only costs speed.
    await mkdir(path.dirname(file), { recursive: true }).then(() => writeFile(file, JSON.stringify({ inputs: this.inputs, ...value }))).catch(() => undefined);
  }
}

function memoFile(cacheDir: string | undefined, id: string): string | undefined {
  return cacheDir ? path.join(cacheDir, '..', 'pdf-inputs', `${id}.json`) : undefined;
}

/** A hash of a policy's own file as it was read, kept beside its memo for likelyToPrint. */
function sourceHash(project: Project, policy: ValidPolicy): string {
  return createHash('sha256').update(project.sources.get(policy.file) ?? '').digest('hex');
}

/**
 * Whether the PDF stage will probably need the browser: some current policy has no memo or no
 * cached PDF from the last build, or its own file changed since. Only decides whether Chromium
 * is started early (while the repo is checked): an unchanged rebuild then starts no browser at
 * all, and a wrong guess costs time, never output (the stage starts it on its first cache miss).
 */
export function likelyToPrint(project: Project, cacheDir: string | undefined): boolean {
  if (cacheDir === undefined) return true;
  for (const policy of project.policies.filter(isValidPolicy)) {
    try {
      const memo = JSON.parse(readFileSync(memoFile(cacheDir, policy.id)!, 'utf8')) as { key?: unknown; source?: unknown };
      if (typeof memo.key !== 'string' || memo.source !== sourceHash(project, policy) || !existsSync(path.join(cacheDir, `${memo.key}.pdf`))) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** The file name of a policy version's PDF. */
export function policyPdfName(id: string, version: string): string {
  return `${id}-v${version}.pdf`;
}

/** Document information for a policy PDF, in the document's language (`lang` becomes the PDF's /Lang). */
export function policyInfo(doc: PolicyDocument): DocumentInfo {
  return {
    title: `${doc.title} v${doc.version}`,
    author: doc.organization,
    subject: doc.summary ?? messagesFor(doc.locale).t('pdf.subject', { title: doc.title, version: doc.version, status: doc.statusLabel }),
    keywords: [doc.id, doc.version, doc.status, doc.classification],
    lang: doc.lang,
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
  // The files policies show are inputs too: a new screenshot under the same name makes a new PDF.
  const assetHashes: string[] = [];
  for (const policy of policies) for (const a of (await options.assets?.(policy))?.values() ?? []) assetHashes.push(`${policy.id}\0${a.file}\0${a.sha256}`);
  const memo = new InputMemo(printer.cacheDir, await inputsKey(project, theme, assetHashes));
  return mapLimit(policies, inFlight, async (policy) => {
    // Same repo and theme as a build before: the PDF is known without rendering the document.
    const known = await memo.get(policy.id);
    let pdf = known ? await printer.printCached(known.key, known.info, buildTime) : undefined;
    if (!pdf) {
      const doc = policyDocument(project, { id: policy.id, meta: policy.meta as unknown as Record<string, unknown>, body: policy.body, dir: path.posix.dirname(policy.file) }, markdown, await options.assets?.(policy));
      const job = await policyPrintJob(theme, doc, paper);
      const info = policyInfo(doc);
      const printed = await printer.print(job, info, buildTime);
      await memo.put(policy.id, { key: printed.key, info, source: sourceHash(project, policy) });
      pdf = printed;
    }
    const file = policyPdfName(policy.id, policy.meta.version);
    await writeFile(path.join(outDir, file), pdf.bytes);
    options.onProgress?.(++done, policies.length);
    return { id: policy.id, version: policy.meta.version, status: policy.meta.status, file, pages: pdf.pages, sha256: sha256(pdf.bytes), cached: pdf.cached };
  });
}
