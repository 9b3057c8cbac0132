import { renameSync } from 'node:fs';
import { readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildContext, BuildStage, StageResult } from '../build/context.js';
import type { PolicyView } from '../data/views.js';
import { Memo } from '../../core/memo.js';
import { writeDirAtomically, writeFileAtomically } from '../../core/output/atomic.js';
import { ACCESS_FILE, restricted, restrictedSearchDir, siteAccess } from './access.js';
import { copyAssets, themeKey } from './assets.js';
import { siteInfo } from './chrome.js';
import { controlPages } from './controls-pages.js';
import { collectSiteFiles, copyPdfs, pdfPath, writeSiteFiles, type SiteFiles } from './files.js';
import { frameworkPages } from './frameworks-pages.js';
import { homePage } from './home.js';
import { myPage } from './my-page.js';
import { reviewCalendar } from './ics.js';
import { inPlaceSink, newFolderSink, pageKeys, writePages, type PageManifest, type PageSpec, type WriteStats } from './page-writer.js';
import { policyBodyGroup, policyPage } from './policy-page.js';
import { livePolicyPages } from './live-pages.js';
import { bundleKeys, isIndexed, reuseSearchIndex, searchKey, SearchIndexer, type SearchLanguages } from './search-index.js';
import { fontAssetPaths, writeFontAssets } from './fonts.js';
import { urls } from './urls.js';
import { searchPage } from './search-page.js';
import { recycleSite, spareSitePath, type RecycledSite } from './spare-site.js';
import { versionPage } from './version-page.js';
import { phrase } from '../../core/i18n/phrase.js';

/** Which language each policy page is indexed in for search: its policy's. */
export function searchLanguages(ctx: BuildContext, site: ReturnType<typeof siteInfo>): SearchLanguages {
  return {
    ui: site.messages.locale,
    pages: new Map(ctx.data.policies.map((p) => [urls.policy(p.id), p.lang])),
    restricted: new Map(ctx.data.policies.filter(restricted).map((p) => [urls.policy(p.id), restrictedSearchDir(p.id)])),
    ...(ctx.options.searchShardPages ? { shardPages: ctx.options.searchShardPages } : {}),
  };
}

const NO_FILES = { paths: [], attachments: [] };

/** A policy's pages: its page (the one search covers), then one per version, sharing one body group. */
function pagesOfPolicy(ctx: BuildContext, site: ReturnType<typeof siteInfo>, files: SiteFiles, policy: PolicyView): PageSpec[] {
  const pdfs = !ctx.options.skip?.has('pdf');
  const group = policyBodyGroup(policy);
  return [
    policyPage(ctx.data, site, policy, group, files.byVersion.get(policy.current) ?? NO_FILES, pdfs ? pdfPath(policy) : undefined),
    ...policy.versions.map((v) => versionPage(ctx.data, site, policy, v, group, files.byVersion.get(v) ?? NO_FILES)),
  ];
}

/** Every page of the portal, in the order they are written (each policy's pages together); `perPolicy`: each policy's pages, when made already. */
export function sitePages(
  ctx: BuildContext, site: ReturnType<typeof siteInfo>, files: SiteFiles, languages: SearchLanguages = searchLanguages(ctx, site),
  perPolicy: readonly (readonly PageSpec[])[] = ctx.data.policies.map((policy) => pagesOfPolicy(ctx, site, files, policy)),
): PageSpec[] {
  const { data } = ctx;
  return [homePage(data, site), ...perPolicy.flat(), ...controlPages(data, site), ...frameworkPages(data, site), searchPage(site, languages), myPage(site)];
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

/**
 * The previous build's manifest, read from the site folder itself (so it always describes what is
 * there). Its pages are reused as precept's own output, so a folder holding files git tracks (a
 * committed `dist/`, which a fresh clone brings along) is never trusted: the repository, not a
 * previous build, supplied them.
 */
async function previousManifest(ctx: BuildContext, target: string): Promise<PageManifest | undefined> {
  if (!ctx.cache.enabled) return undefined;
  const real = await realpath(target).catch(() => undefined);
  if (!real || (ctx.git && (await ctx.git.trackedUnder(real)) !== undefined)) return undefined;
  try {
    const manifest = JSON.parse(await readFile(path.join(target, MANIFEST), 'utf8')) as PageManifest;
    return manifest.format === 1 && manifest.pages && typeof manifest.pages === 'object' ? manifest : undefined;
  } catch {
    return undefined;
  }
}


/**
 * Calendars by everything they show: a dev rebuild after an edit that moves no review date makes
 * the same calendar again, and formatting its thousands of messages is most of the work.
 */
const calendars = new Memo<string, string>({ entries: 4, weight: 64 * 1024 * 1024, weigh: (key) => key.length });

/** The review calendar. Calendars are subscribed to by apps the portal cannot tell apart: restricted policies stay out. */
function siteCalendar(ctx: BuildContext, site: ReturnType<typeof siteInfo>): string {
  const { organization, site: configured } = ctx.project.config;
  const data = { ...ctx.data, policies: ctx.data.policies.filter((p) => !restricted(p)) };
  const options = { name: organization.name, slug: organization.slug, baseUrl: configured.baseUrl, messages: site.messages };
  // What reviewCalendar reads, whole.
  const key = JSON.stringify([
    site.messages.key, options.name, options.slug, options.baseUrl ?? null, data.buildTime?.toISOString() ?? null, data.asOf,
    data.policies.map((p) => [p.id, p.title, p.status, p.version, p.effective ?? null, p.owner.name, p.review.next ?? null, p.review.cycle, p.review.last ?? null]),
  ]);
  return calendars.get(key, () => reviewCalendar(data, options));
}

/** The access file `serve` reads: the paths of confidential and restricted policies. */
function accessFile(ctx: BuildContext, files: SiteFiles): string {
  return `${JSON.stringify(siteAccess(ctx.data.policies, files, ctx.options.skip?.has('pdf') ? undefined : pdfPath))}\n`;
}

function stageResult(target: string, specs: readonly PageSpec[], stats: WriteStats, searchReused: boolean, settled?: Promise<void>): SiteStats {
  return {
    name: 'site', counts: [phrase('cli.build.count.pages', { count: specs.length })], output: target,
    pages: specs.length, rendered: stats.rendered, reused: stats.reused, searchReused, ...(settled ? { settled } : {}),
  };
}

/**
 * A live build (precept dev) updates the served folder in place: only changed pages are written,
 * each in one rename, and the search index follows, swapped in whole. The pages search covers
 * are keyed and written first, and Pagefind (a process of its own, on the other core) is given
 * them at once, reading the unchanged ones itself, so it indexes while this thread keys and
 * writes the other pages; only writing the index is left when the pages are done.
 */
async function updateLive(
  ctx: BuildContext,
  { target, site, files, previous, languages }: { target: string; site: ReturnType<typeof siteInfo>; files: SiteFiles; previous: PageManifest; languages: SearchLanguages },
): Promise<SiteStats> {
  // The policy pages are keyed before the others, so Pagefind starts on them sooner; a policy
  // whose pages show what they showed before is neither made nor hashed again (live-pages.ts).
  const pdfs = !ctx.options.skip?.has('pdf');
  const sets = ctx.data.policies.map((policy) => livePolicyPages(
    { data: ctx.data, site, policy, files: policy.versions.map((v) => files.byVersion.get(v) ?? NO_FILES), pdf: pdfs ? pdfPath(policy) : undefined },
    () => pagesOfPolicy(ctx, site, files, policy),
  ));
  const policyKeys: Record<string, string> = {};
  for (const set of sets) set.pages.forEach((spec, i) => (policyKeys[spec.path] = set.keys[i]!));
  const indexed = sets.map((set) => set.pages[0]!).filter((spec) => isIndexed(spec.path));
  const search = searchKey(policyKeys, languages);
  const sink = inPlaceSink(target);
  const write = (some: readonly PageSpec[], keys: Record<string, string>, indexer?: SearchIndexer) => writePages(some, keys, {
    sink, previous, theme: ctx.theme, bodies: ctx.data.bodies,
    ...(indexer ? { onPage: (spec: PageSpec, html: string | undefined) => indexer.page(spec.path, html ?? { dir: target }) } : {}),
  });
  const indexer = previous.search?.key === search ? undefined
    : await SearchIndexer.open(indexed.map((spec) => spec.path), languages, { previous: previous.search, site: target, keys: policyKeys });
  let stats: WriteStats;
  let keys: Record<string, string>;
  let specs: PageSpec[];
  try {
    const first = indexer ? await write(indexed, policyKeys, indexer) : { rendered: 0, reused: 0 };
    indexer?.done();
    specs = sitePages(ctx, site, files, languages, sets.map((set) => set.pages));
    const others = specs.filter((spec) => !isIndexed(spec.path));
    const otherKeys = pageKeys(specs.filter((spec) => !(spec.path in policyKeys)), site.key);
    // In page order, as a build from scratch lists them.
    keys = {};
    for (const spec of specs) keys[spec.path] = policyKeys[spec.path] ?? otherKeys[spec.path]!;
    const more = await write(indexer ? others : specs, keys);
    stats = { rendered: first.rendered + more.rendered, reused: first.reused + more.reused };
    for (const gone of Object.keys(previous.pages)) if (!(gone in keys)) await rm(path.join(target, gone), { force: true });
    await copyAssets(ctx.theme, target);
    await writeFontAssets(target);
    await writeSiteFiles(target, files.files);
    await copyPdfs(ctx, target, ctx.data.policies);
    await writeFileAtomically(path.join(target, 'reviews.ics'), siteCalendar(ctx, site), { durable: false, parentExists: true });
    await writeFileAtomically(path.join(target, ACCESS_FILE), accessFile(ctx, files), { durable: false, parentExists: true });
  } catch (error) {
    await indexer?.close();
    throw error;
  }
  const manifest: PageManifest = { format: 1, pages: keys, search: previous.search };
  await writeFileAtomically(path.join(target, MANIFEST), `${JSON.stringify(manifest)}\n`, { durable: false, parentExists: true });
  if (!indexer) return stageResult(target, specs, stats, true);
  // Pages first (the browser reloads now); the search index follows and is swapped in whole.
  const settled = (async () => {
    const next = path.join(target, '.pagefind-next');
    const old = path.join(target, '.pagefind-old');
    // The index the last rebuild replaced is kept in the cache folder and becomes the start of
    // this one: SearchIndexer.write then writes only the files that differ (a few after one
    // edit), instead of a thousand new files and the deletion of the old thousand on every
    // rebuild. Its bytes are compared, never trusted; off the site's file system it is deleted.
    const spare = ctx.options.cacheDir === undefined ? undefined : path.join(ctx.options.cacheDir, 'search-spare');
    let files: string[];
    try {
      await rm(next, { recursive: true, force: true });
      if (spare) await rename(spare, next).catch(() => {});
      files = await indexer.write(next);
    } finally {
      await indexer.close();
    }
    await rm(old, { recursive: true, force: true });
    // Both renames in one turn of the event loop: dev's server answers on this thread, so no
    // request finds the site without its index between them.
    try {
      renameSync(path.join(target, 'pagefind'), old);
    } catch {
      // no index yet
    }
    renameSync(next, path.join(target, 'pagefind'));
    if (!spare || !(await rename(old, spare).then(() => true, () => false))) await rm(old, { recursive: true, force: true });
    const bundles = bundleKeys(policyKeys, languages);
    await writeFileAtomically(path.join(target, MANIFEST), `${JSON.stringify({ ...manifest, search: { key: search, files, bundles } })}\n`, { durable: false, parentExists: true });
  })();
  return stageResult(target, specs, stats, false, settled);
}

/**
 * The portal: `<out>/site/`, written to a temporary folder and swapped in whole. Pages whose
 * inputs did not change since the last build are carried over from it instead of re-rendered.
 * For precept dev (a live build) the served folder is updated in place instead (`updateLive`).
 */
export const siteStage: BuildStage = {
  name: 'site',
  async run(ctx): Promise<SiteStats> {
    const target = path.join(ctx.outDir, 'site');
    const site = siteInfo(ctx.data, ctx.project.config.site, await themeKey(ctx.theme), ctx.theme.messages);
    const languages = searchLanguages(ctx, site);
    const files = await collectSiteFiles(ctx, ctx.data.policies);
    const previous = await previousManifest(ctx, target);
    if (ctx.options.live && previous) return updateLive(ctx, { target, site, files, previous, languages });
    const specs = sitePages(ctx, site, files, languages);
    // A cold build has no previous pages to compare with: its keys (the manifest the next build
    // reads) and the calendar are made once its pages are handed over, while Pagefind finishes
    // the index, instead of before the first page.
    let known = previous ? pageKeys(specs, site.key) : undefined;
    const allKeys = () => (known ??= pageKeys(specs, site.key));
    const access = accessFile(ctx, files);
    const result = (stats: WriteStats, searchReused: boolean): SiteStats => stageResult(target, specs, stats, searchReused);

    // The site this build replaces is kept (when precept wrote it) and recycled by the next:
    // its unchanged pages and folders stay, instead of a new tree of thousands of folders and
    // links on every build and the deletion of the old one.
    const spare = previous && ctx.options.cacheDir !== undefined ? spareSitePath(ctx.options.cacheDir) : undefined;
    let recycled: RecycledSite | undefined;
    // The fonts and the search index stay too, for their writers to compare: after one edit all
    // but a few of their ~1,300 files come out the same.
    const fonts = new Set(fontAssetPaths());
    const recycledFiles = (rel: string) => rel === 'assets' || rel === 'assets/fonts' || fonts.has(rel) || rel === 'pagefind' || rel.startsWith('pagefind/');
    const recycle = async (tmp: string) => (recycled = await recycleSite(tmp, MANIFEST, allKeys(), previous!, recycledFiles)) !== undefined;
    const { stats, searchReused } = await writeDirAtomically(target, async (tmp) => {
      const out = path.join(tmp, 'pagefind');
      // The last build's index when no indexed page changed; else Pagefind indexes each page as it
      // is rendered, in a process of its own, so indexing overlaps rendering.
      const reused = previous ? await reuseSearchIndex(previous.search, searchKey(allKeys(), languages), target, out) : false;
      const indexer = reused ? undefined
        : await SearchIndexer.open(specs.map((spec) => spec.path), languages, previous ? { previous: previous.search, site: target, keys: allKeys() } : undefined);
      let index: { files: string[]; reused: boolean };
      let written: WriteStats;
      // The pages search covers are rendered first, and Pagefind writes the index as soon as it
      // has them all, while the other pages are rendered.
      const indexing = indexer?.write(out);
      indexing?.catch(() => {}); // awaited below, or in `finally` when rendering fails first
      try {
        written = await writePages(specs, known ?? {}, {
          sink: newFolderSink(tmp, target, recycled), previous, theme: ctx.theme, bodies: ctx.data.bodies,
          // Pagefind reads each page from the new folder itself, written or carried over: this
          // thread does not encode a thousand pages into messages to it and write them to its
          // pipe (a fifth of this thread's time while the pages were written).
          ...(indexer ? {
            onPage: (spec: PageSpec) => indexer.page(spec.path, { dir: tmp }),
            first: (spec: PageSpec) => isIndexed(spec.path),
          } : {}),
        });
        indexer?.done();
        await copyAssets(ctx.theme, tmp);
        await writeFontAssets(tmp, previous ? target : undefined);
        await writeSiteFiles(tmp, files.files);
        await writeFile(path.join(tmp, 'reviews.ics'), siteCalendar(ctx, site));
        await writeFile(path.join(tmp, ACCESS_FILE), access);
        allKeys(); // a cold build's keys, made while Pagefind finishes the index
        // Pagefind finishes the index while this process writes the render cache.
        const [indexFiles] = await Promise.all([indexing ?? Promise.resolve(previous!.search!.files), ctx.data.bodies.flush()]);
        index = { files: indexFiles, reused };
      } finally {
        // Pagefind may be writing into the folder, which a failed build removes: let it finish.
        indexer?.done();
        await indexing?.catch(() => {});
        await indexer?.close();
      }
      const manifest: PageManifest = {
        format: 1, pages: allKeys(), search: { key: searchKey(allKeys(), languages), files: index.files, bundles: bundleKeys(allKeys(), languages) },
      };
      await writeFile(path.join(tmp, MANIFEST), `${JSON.stringify(manifest)}\n`);
      // Last: the PDF stage runs beside this one, and its PDFs are linked from the policy pages.
      await copyPdfs(ctx, tmp, ctx.data.policies);
      return { stats: written, searchReused: index.reused };
    }, spare ? { path: spare, recycle } : undefined);
    return result(stats, searchReused);
  },
};
