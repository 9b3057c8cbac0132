import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildContext } from '../build/context.js';
import type { PolicyAsset } from '../data/assets.js';
import type { PolicyView, VersionView } from '../data/views.js';
import { mapLimit } from '../../repo/load/concurrency.js';
import { policyPdfName } from '../pdf/build-pdfs.js';
import { urls } from './urls.js';

/** An attachment as a policy page lists it. */
export interface AttachmentLink {
  name: string;
  /** From the site root. */
  path: string;
  mediaType: string;
  kb: number;
}

/** What one version's page needs to show its files: site paths by repo path, and the attachments to list. */
export interface VersionFiles {
  /** [repo path, site path] pairs (in page data, so a changed file changes the page's key). */
  paths: [string, string][];
  attachments: AttachmentLink[];
}

/** The published files of every version shown, and what each page needs of them. */
export interface SiteFiles {
  byVersion: Map<VersionView, VersionFiles>;
  /** Every file to publish, by name (names carry a content hash, so one name is one content). */
  files: Map<string, PolicyAsset>;
}

/** Collects the images and attachments of every version of every policy (from git for past versions). */
export async function collectSiteFiles(ctx: BuildContext, policies: readonly PolicyView[]): Promise<SiteFiles> {
  const byVersion = new Map<VersionView, VersionFiles>();
  const files = new Map<string, PolicyAsset>();
  const versions = policies.flatMap((p) => p.versions);
  await ctx.assets.prefetch(versions.map((v) => v.body));
  await mapLimit(versions, 8, async (v) => {
    const assets = await ctx.assets.forBody(v.body, v.commit);
    const paths: [string, string][] = [];
    const attachments: AttachmentLink[] = [];
    for (const a of [...assets.values()].sort((x, y) => (x.file < y.file ? -1 : 1))) {
      const at = urls.file(a.name);
      files.set(a.name, a);
      paths.push([a.file, at]);
      if (a.kind === 'attachment') attachments.push({ name: path.posix.basename(a.file), path: at, mediaType: a.mediaType, kb: Math.max(1, Math.round(a.size / 1024)) });
    }
    byVersion.set(v, { paths, attachments });
  });
  return { byVersion, files };
}

/** Writes the published files into a site folder. */
export async function writeSiteFiles(siteDir: string, files: SiteFiles['files']): Promise<void> {
  if (!files.size) return;
  await mkdir(path.join(siteDir, path.posix.dirname(urls.file('x'))), { recursive: true });
  await mapLimit([...files.values()], 16, (a) => writeFile(path.join(siteDir, urls.file(a.name)), a.bytes));
}

/** Where a policy's current PDF is published in the site, when the build makes PDFs. */
export function pdfPath(policy: PolicyView): string {
  return urls.pdf(policyPdfName(policy.id, policy.version));
}

/** Copies the PDFs the PDF stage made into the site, where policy pages link to them. */
export async function copyPdfs(ctx: BuildContext, siteDir: string, policies: readonly PolicyView[]): Promise<void> {
  const made = await ctx.stageResult?.('pdf');
  if (!made) return;
  await mkdir(path.join(siteDir, path.posix.dirname(urls.pdf('x'))), { recursive: true });
  await mapLimit([...policies], 16, (p) => copyFile(path.join(made.output, policyPdfName(p.id, p.version)), path.join(siteDir, pdfPath(p))));
}
