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
import { pageKeys, writePages, type PageManifest, type PageSpec } from './page-writer.js';
import { policyBodyGroup, policyPage } from './policy-page.js';
import { isIndexed, SearchIndex, searchKey } from './search-index.js';
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

/** A promise with its resolve function outside. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T | Promise<T>) => void } {
  let resolve!: (v: T | Promise<T>) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
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
    const keys = pageKeys(specs, site.key);
    const { stats, searchReused } = await writeDirAtomically(target, async (tmp) => {
      const search = await SearchIndex.open(searchKey(keys), previous?.search, target);
      try {
        // Feed Pagefind the policy pages in a fixed order as they are written (its bytes depend on the order).
        const indexed = specs.filter((s) => isIndexed(s.path));
        const html = new Map(indexed.map((s) => [s.path, deferred<string>()]));
        const feeding = search.building
          ? (async () => {
            for (const spec of indexed) search.add(spec.path, await html.get(spec.path)!.promise);
          })()
          : Promise.resolve();
        const onPage = (spec: PageSpec, text: string | undefined) => {
          const slot = html.get(spec.path);
          if (slot && search.building) slot.resolve(text ?? readFile(path.join(tmp, spec.path), 'utf8'));
        };
        const written = await writePages(specs, keys, { tmp, previousDir: target, previous, theme: ctx.theme, bodies: ctx.data.bodies, onPage });
        await feeding;
        void ctx.data.bodies.flush(); // write the render cache while Pagefind writes its index
        await copyAssets(ctx.theme, tmp);
        const { organization, site: configured } = ctx.project.config;
        await writeFile(path.join(tmp, 'reviews.ics'), reviewCalendar(ctx.data, { name: organization.name, slug: organization.slug, baseUrl: configured.baseUrl }));
        const index = await search.write(tmp);
        const manifest: PageManifest = { format: 1, pages: keys, search: { key: search.key, files: index.files } };
        await writeFile(path.join(tmp, MANIFEST), `${JSON.stringify(manifest)}\n`);
        return { stats: written, searchReused: index.reused };
      } catch (error) {
        await search.abandon();
        throw error;
      }
    });
    return {
      name: 'site', counts: [`${specs.length} pages`], output: target,
      pages: specs.length, rendered: stats.rendered, reused: stats.reused, searchReused,
    };
  },
};
