import os from 'node:os';
import { PDFDocument } from 'pdf-lib';
import { VERSION } from '../../core/version.js';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import type { GitRepo } from '../../history/git.js';
import { mapLimit } from '../../repo/load/concurrency.js';
import { policyHistory } from '../../history/versions.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import type { Project } from '../../repo/project/types.js';
import { policyDocument } from '../pdf/policy-document.js';
import { PDF_CREATOR, stampIdentity } from '../pdf/normalize.js';
import type { PdfPrinter } from '../pdf/printer.js';
import { policyPrintJob } from '../pdf/templates.js';
import { signDocument } from '../sign/sign-pdf.js';
import type { Signer } from '../sign/signer.js';
import type { TsaOptions } from '../sign/tsa-client.js';
import type { Theme } from '../theme/theme.js';
import { mergeParts, stampPageNumbers, writeOutline, type Bookmark, type PackPart } from './assemble.js';
import { coverageMatrix } from './coverage.js';
import { packExceptions } from './exceptions.js';
import { frontMatter } from './front-matter.js';
import { versionsInForceFromHistory, versionsInForceFromWorkingTree, type VersionInForce } from './in-force.js';
import { manifestSigner, manifestVersion, MANIFEST_FORMAT, sourceHashes, type ExternalManifest, type PackManifest } from './manifest.js';
import type { Period } from './period.js';
import type { PackRecords } from './records.js';
import { policyRemovals } from './removals.js';
import { bodySectionJobs, inForceLabel, type PackContext } from './sections.js';
import { LOAD, SAVE } from '../pdf/pdf-options.js';

/** Inputs of the auditor pack. */
export interface BuildPackOptions {
  project: Project;
  /** The repo's git, or undefined: then only current approved versions are included, and the pack says so. */
  git: GitRepo | undefined;
  period: Period;
  /**
   * Ledger data (approvals, acknowledgements), or a function computing it for the versions in
   * force; absent parts print as "no records".
   */
  records: PackRecords | ((versions: readonly VersionInForce[]) => Promise<PackRecords>);
  theme: Theme;
  markdown: MarkdownRenderer;
  printer: PdfPrinter;
  /** Generation date on the cover and in the PDF's metadata. */
  buildTime: Date;
  /** Sign with this; unsigned (and saying so on the cover) when undefined. */
  signer?: Signer | undefined;
  signingTime: Date;
  /** Timestamp the signature at this RFC 3161 authority (the pack is then no longer reproducible). */
  tsa?: TsaOptions | undefined;
  /** The pack's file name, recorded in the manifest. */
  fileName: string;
  /** The commit's policies differ from the working tree (the caller allowed it). */
  dirty?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** The pack and what it is made of. */
export interface BuiltPack {
  pdf: Uint8Array;
  manifest: ExternalManifest;
  versions: VersionInForce[];
  /** Where each section starts (1-based), as the contents list them. */
  sections: { title: string; page: number; pages: number }[];
  pages: number;
}

/**
 * Builds the auditor pack for a period: cover, contents, register, coverage, approval log,
 * acknowledgements, exceptions, every version in force rendered in full, and the manifest
 * appendix; merged with bookmarks and pack-wide page numbers, the manifest embedded, and signed
 * when a signer is given. Sections are printed separately (in parallel) and counted, so the
 * contents, printed last, give the pages where each section really starts.
 */
export async function buildPack(options: BuildPackOptions): Promise<BuiltPack> {
  const { project, git, period, theme, markdown, printer, buildTime } = options;
  const history = git ? await policyHistory(git, project.config.paths.policies) : undefined;
  const versions = git && history
    ? versionsInForceFromHistory(project, history, await policyRemovals(git, project.config.paths.policies), period)
    : versionsInForceFromWorkingTree(project, period);
  const records = typeof options.records === 'function' ? await options.records(versions) : options.records;
  const name = (id: string) => project.roster.people.get(id)?.person.name ?? id;
  const manifest: PackManifest = {
    format: MANIFEST_FORMAT,
    generator: `precept ${VERSION}`,
    organization: project.config.organization.name,
    period,
    generated: buildTime.toISOString(),
    commit: history?.head ?? null,
    history: history ? 'git' : 'working-tree',
    signer: manifestSigner(options.signer?.certificate),
    sources: await sourceHashes(project, git, history?.head),
    versions: versions.map(manifestVersion),
  };
  const ctx: PackContext = { theme, paper: project.config.pdf.paper, organization: project.config.organization.name, period };
  const jobs = await bodySectionJobs(ctx, {
    project, versions, records, manifest, name, historyAvailable: Boolean(history),
    coverage: coverageMatrix(project, versions),
    exceptions: packExceptions(versions, period, records, name),
  });
  const total = versions.length + 8;
  let done = 0;
  options.onProgress?.(0, total);
  const print = async (job: Parameters<PdfPrinter['printRaw']>[0]) => {
    const { raw } = await printer.printRaw(job);
    options.onProgress?.(++done, total);
    return PDFDocument.load(raw, LOAD);
  };
  const sections = Promise.all([
    print(jobs.register), print(jobs.coverage), print(jobs.approvals), print(jobs.acknowledgements), print(jobs.exceptions), print(jobs.manifest),
  ]);
  sections.catch(() => undefined); // awaited below; this only keeps an early failure elsewhere from leaving it unhandled
  // Versions are rendered to HTML as print slots free up, so Markdown work overlaps Chromium's.
  const policyPdfs = await mapLimit(versions, Math.max(2, os.availableParallelism() * 2), async (v) =>
    print(await policyPrintJob(theme, policyDocument(project, { id: v.id, meta: v.meta, body: v.body }, markdown), ctx.paper)));
  const [register, coverage, approvals, acknowledgements, exceptions, appendix] = await sections;
  const body: PackPart[] = [
    { title: 'Policy register', pdf: register! },
    { title: 'Coverage matrix', pdf: coverage! },
    { title: 'Approval log', pdf: approvals! },
    { title: 'Acknowledgement summary', pdf: acknowledgements! },
    { title: 'Exceptions', pdf: exceptions! },
    ...versions.map((v, i) => ({ title: `${v.title} v${v.version} (${inForceLabel(v)})`, group: 'Policies in force', pdf: policyPdfs[i]! })),
    { title: 'Manifest', pdf: appendix! },
  ];
  const front = await frontMatter(ctx, {
    body: body.map((p) => ({ title: p.title, group: p.group, pages: p.pdf.getPageCount() })),
    manifest, versions, signer: options.signer?.certificate, dirty: options.dirty ?? false,
    print: async (job) => PDFDocument.load((await printer.printRaw(job)).raw, LOAD),
  });
  options.onProgress?.(total, total);
  const { doc, placements } = await mergeParts([
    { title: 'Cover', pdf: front.cover },
    { title: 'Contents', pdf: front.contents },
    ...body,
  ]);
  const label = `${project.config.organization.name} auditor pack ${period.from} to ${period.to}`;
  await stampPageNumbers(doc, label);
  const top: Bookmark[] = placements.filter((p) => !p.group).map((p) => ({ title: p.title, page: p.page }));
  const grouped = placements.filter((p) => p.group);
  if (grouped.length) {
    const at = top.findIndex((t) => t.title === 'Manifest');
    top.splice(at, 0, { title: 'Policies in force', page: grouped[0]!.page, children: grouped.map((p) => ({ title: p.title, page: p.page })) });
  }
  writeOutline(doc, top);
  const idSeed = JSON.stringify(manifest);
  stampIdentity(doc, {
    title: `${project.config.organization.name}: policies in force ${period.from} to ${period.to}`,
    author: project.config.organization.name,
    subject: `Auditor pack for ${period.from} to ${period.to}, commit ${manifest.commit ?? 'not in git'}`,
    keywords: ['policies', 'audit', period.from, period.to],
  }, buildTime, idSeed);
  await doc.attach(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', {
    mimeType: 'application/json', description: 'precept pack manifest: SHA-256 of every source file and included policy version',
    creationDate: buildTime, modificationDate: buildTime,
  });
  const pdf = options.signer
    ? await signDocument(doc, options.signer, {
      reason: `Policies in force ${period.from} to ${period.to}`,
      location: project.config.organization.name,
      contactInfo: options.signer.certificate.subject,
      signingTime: options.signingTime,
      appName: PDF_CREATOR,
      tsa: options.tsa,
    })
    : await doc.save(SAVE);
  const pages = doc.getPageCount();
  return {
    pdf,
    manifest: { ...manifest, pack: { file: options.fileName, sha256: sha256(pdf), pages, signed: Boolean(options.signer) } },
    versions,
    sections: placements.map((p) => ({ title: p.title, page: p.page, pages: p.pages })),
    pages,
  };
}
