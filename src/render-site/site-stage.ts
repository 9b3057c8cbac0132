import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildContext, BuildStage, StageResult } from '../build/context.js';
import { VERSION } from '../cli/version.js';
import { writeDirAtomically } from '../output/atomic.js';
import { copyAssets, themeKey } from './assets.js';
import { siteInfo } from './chrome.js';
import { controlPages } from './controls-pages.js';
import { frameworkPages } from './frameworks-pages.js';
import { homePage } from './home.js';
import { reviewCalendar } from './ics.js';
import { writePages, type PageManifest, type PageSpec } from './page-writer.js';
import { policyBodyGroup, policyPage } from './policy-page.js';
import { searchKey, writeSearchIndex } from './search-index.js';
import { searchPage } from './search-page.js';
import { versionPage } from './version-page.js';

/** Every page of the portal, in the order they are written (each policy's pages together). */
export function sitePages(ctx: BuildContext, site: ReturnType<typeof siteInfo>): PageSpec[] {
  const { data } = ctx;
  const pages: PageSpec[] = [homePage(data, site)];
  for (const policy of data.policies) {
    const group = policyBodyGroup(policy);
    pages.push(policyPage(data, site, policy, group));
    for (const v of policy.versions) pages.push(versionPage(data, site, policy, v, group));
  }
  pages.push(...controlPages(data, site), ...frameworkPages(data, site), searchPage(site));
  return pages;
}

/** What the stage counts in the closing summary. */
export interface SiteStats extends StageResult {
  pages: number;
  rendered: number;
  reused: number;
  searchReused: boolean;
}

/** The manifest the site folder carries: which page was made from which inputs (keys), so the next build can reuse it. */
export const MANIFEST = '.precept-site.json';

/** The previous build's manifest, read from the site folder itself (so it always describes what is there). */
async function previousManifest(ctx: BuildContext, target: string): Promise<PageManifest | undefined> {
  if (!ctx.cache.enabled) return undefined;
  try {
    const manifest = JSON.parse(await readFile(path.join(target, MANIFEST), 'utf8')) as PageManifest;
    return manifest.format === 1 && manifest.pages && typeof manifest.pages === 'object' ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The portal: `<out>/site/`, written to a temporary folder and swapped in whole. Pages whose
 * inputs did not change since the last build are carried over from it instead of re-rendered.
 */
export const siteStage: BuildStage = {
  name: 'site',
  async run(ctx): Promise<SiteStats> {
    const target = path.join(ctx.outDir, 'site');
    const site = siteInfo(ctx.data, ctx.project.config.site, await themeKey(ctx.theme), VERSION);
    const specs = sitePages(ctx, site);
    const previous = await previousManifest(ctx, target);
    const { stats, searchReused } = await writeDirAtomically(target, async (tmp) => {
      const written = await writePages(specs, { tmp, previousDir: target, previous, siteKey: site.key, theme: ctx.theme, bodies: ctx.data.bodies });
      await copyAssets(ctx.theme, tmp);
      const { organization, site: configured } = ctx.project.config;
      await writeFile(path.join(tmp, 'reviews.ics'), reviewCalendar(ctx.data, { name: organization.name, slug: organization.slug, baseUrl: configured.baseUrl }));
      const search = await writeSearchIndex(tmp, { key: searchKey(written.pages), previous: previous?.search, previousDir: target });
      const manifest: PageManifest = { format: 1, pages: written.pages, search: { key: search.key, files: search.files } };
      await writeFile(path.join(tmp, MANIFEST), `${JSON.stringify(manifest)}\n`);
      return { stats: written.stats, searchReused: search.reused };
    });
    return {
      name: 'site', counts: [`${specs.length} pages`], output: target,
      pages: specs.length, rendered: stats.rendered, reused: stats.reused, searchReused,
    };
  },
};
