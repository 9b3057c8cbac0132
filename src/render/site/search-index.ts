import { toolKey } from '../../core/tool-key.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { hashKey } from '../build/cache.js';
import { updateFolder } from '../../core/output/update-folder.js';
import { failure } from '../../core/i18n/failure.js';

/** Pagefind files the portal does not use (it ships its own small search page script). */
const UNUSED = /(^|\/)pagefind-(ui|component-ui|modular-ui|highlight)\./;

/** The pages search covers: every current policy (not old versions, controls or frameworks). */
export function isIndexed(pagePath: string): boolean {
  return /^policies\/[^/]+\/index\.html$/.test(pagePath);
}

/** Pagefind's version, part of the search index's key. */
export function pagefindVersion(): string {
  // pagefind's exports do not include package.json: find it along node's module paths.
  for (const dir of createRequire(import.meta.url).resolve.paths('pagefind') ?? []) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'pagefind', 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      continue;
    }
  }
  return 'unknown';
}

/**
 * The languages search is split into: the portal's own (`pagefind/`) first, then every other
 * language a policy is written in (`pagefind/<lang>/`), each with its own word rules (Pagefind
 * cuts Japanese into words only in an index built as Japanese).
 */
export interface SearchLanguages {
  /** The portal's language: its index is `pagefind/`. */
  ui: string;
  /** The language of each indexed page (its policy's), by path; pages not listed are in `ui`. */
  pages: ReadonlyMap<string, string>;
  /**
   * Pages of confidential and restricted policies, each indexed on its own in the folder given
   * (from the site root), never in the indexes everyone is served.
   */
  restricted?: ReadonlyMap<string, string>;
  /** Pages one index holds before its language's pages are split into more (default SHARD_PAGES). */
  shardPages?: number;
}

/** A language's index folder under `pagefind/`: '' for the portal's own. */
const bundleFolder = (languages: SearchLanguages, lang: string) => (lang === languages.ui ? '' : lang);

/** Every language with an index, the portal's first, then the others sorted. */
export function searchBundleLanguages(languages: SearchLanguages): string[] {
  const others = new Set([...languages.pages].filter(([p, l]) => l !== languages.ui && !languages.restricted?.has(p)).map(([, l]) => l));
  return [languages.ui, ...[...others].sort()];
}

/**
 * Pages one search index holds before a language's pages are split into more. Pagefind indexes
 * one page after another (about 2 ms each), and an index is made again whenever one of its pages
 * changes: split, a `precept dev` rebuild after one edit indexes a quarter of a thousand pages,
 * not all of them. The search page searches every index and ranks their results together.
 */
export const SHARD_PAGES = 256;
/** The most indexes one language's pages are split into: the search page loads each. */
const MAX_SHARDS = 16;

/** How many indexes `pages` pages of one language are split into: a power of two, so a page moves only when the count doubles. */
export function shardCount(pages: number, perShard = SHARD_PAGES): number {
  let n = 1;
  while (n < MAX_SHARDS && pages > n * perShard) n *= 2;
  return n;
}

/** The index a page is in, of `count`: by a hash of its path, so adding or removing a page changes one index. */
function shardOf(page: string, count: number): number {
  return count === 1 ? 0 : createHash('sha256').update(page).digest().readUInt32BE(0) % count;
}

/** One Pagefind index of the portal: its folder under `pagefind/` ('' for `pagefind/` itself), language and pages (sorted). */
export interface SearchBundle {
  folder: string;
  lang: string;
  pages: string[];
  /** A restricted policy's index, served only to its readers. */
  restricted: boolean;
}

/**
 * The indexes the indexed pages among `pagePaths` are split into: per language (the portal's
 * first, in `pagefind/`, then `pagefind/<lang>/`), each split into shards when it has many pages
 * (`pagefind/_s<i>/`, `pagefind/<lang>/_s<i>/`); then one per restricted policy, each on its own
 * (no fragment of an index everyone is served holds its words).
 */
export function searchBundles(pagePaths: Iterable<string>, languages: SearchLanguages): SearchBundle[] {
  const pages = [...new Set(pagePaths)].filter(isIndexed).sort();
  const bundles: SearchBundle[] = [];
  for (const lang of searchBundleLanguages(languages)) {
    const mine = pages.filter((p) => !languages.restricted?.has(p) && (languages.pages.get(p) ?? languages.ui) === lang);
    const base = bundleFolder(languages, lang);
    const count = shardCount(mine.length, languages.shardPages);
    for (let i = 0; i < count; i++) {
      const shard = mine.filter((p) => shardOf(p, count) === i);
      // The language's own folder always has an index (the search page loads it); an empty shard has none.
      if (i > 0 && !shard.length) continue;
      bundles.push({ folder: i === 0 ? base : `${base ? `${base}/` : ''}_s${i}`, lang, pages: shard, restricted: false });
    }
  }
  for (const [page, dir] of [...(languages.restricted ?? [])].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (pages.includes(page)) bundles.push({ folder: path.posix.relative('pagefind', dir), lang: languages.pages.get(page) ?? languages.ui, pages: [page], restricted: true });
  }
  return bundles;
}

/** An index's folder from the site root: `pagefind`, `pagefind/ja`, `pagefind/_s1`, ... */
export const bundleDir = (bundle: Pick<SearchBundle, 'folder'>): string => (bundle.folder ? `pagefind/${bundle.folder}` : 'pagefind');

/** An index's key: Pagefind's version, its folder and language, and its pages' keys. */
function bundleKey(bundle: SearchBundle, pageKeys: Record<string, string>): string {
  return hashKey('search-bundle', toolKey(), pagefindVersion(), bundle.folder, bundle.lang, ...bundle.pages.map((p) => `${p}=${pageKeys[p]}`));
}

/** Each index's key by its folder (the manifest keeps them, so the next build can keep the indexes whose pages did not change). */
export function bundleKeys(pageKeys: Record<string, string>, languages: SearchLanguages): Record<string, string> {
  return Object.fromEntries(searchBundles(Object.keys(pageKeys), languages).map((b) => [b.folder, bundleKey(b, pageKeys)]));
}

/** The search index's key: Pagefind's version and the keys and languages of the pages it indexes. */
export function searchKey(pageKeys: Record<string, string>, languages: SearchLanguages): string {
  const indexed = Object.keys(pageKeys).filter(isIndexed).sort();
  return hashKey('search', toolKey(), pagefindVersion(), languages.ui, String(languages.shardPages ?? SHARD_PAGES), ...indexed.map((p) => `${p}=${pageKeys[p]}=${languages.pages.get(p) ?? languages.ui}=${languages.restricted?.get(p) ?? ''}`));
}

/** The files of each index among `files` (paths under `pagefind/`): each belongs to the deepest index folder it is in. */
function filesByBundle(folders: readonly string[], files: readonly string[]): Map<string, string[]> {
  const byDepth = [...folders].sort((a, b) => b.length - a.length);
  const out = new Map<string, string[]>(folders.map((f) => [f, []]));
  for (const file of files) {
    const folder = byDepth.find((f) => f === '' || file.startsWith(`${f}/`));
    if (folder !== undefined) out.get(folder)!.push(folder ? file.slice(folder.length + 1) : file);
  }
  return out;
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, child)));
    else out.push(child);
  }
  return out.sort();
}

/** A page for the index: its HTML, how to read it, or the site folder it is in (Pagefind reads it there). */
export type PageSource = string | (() => Promise<string>) | { dir: string };

/** Page paths that are globs matching only themselves (no glob syntax): Pagefind can be given those to read. */
const GLOB_SAFE = /^[A-Za-z0-9_./-]+$/;

/** What the previous build's index was, from its manifest. */
export interface PreviousIndex {
  key: string;
  files: string[];
  /** Each index's key by its folder (see bundleKeys); absent in a manifest from before indexes were split. */
  bundles?: Record<string, string>;
}

/**
 * Whether a file named by the previous build's manifest is a plain path below `pagefind/`: the
 * manifest is trusted only as precept's own output (see previousManifest), and even so nothing
 * absolute or climbing out of the index is linked into a site.
 */
function isIndexFile(rel: unknown): rel is string {
  return typeof rel === 'string' && rel !== '' && !rel.startsWith('/') && rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The previous build's index files to link into the new one, by their path under `pagefind/`. */
function linksTo(previousSite: string, files: Iterable<string>, folder = ''): Map<string, { link: string }> {
  return new Map([...files].map((rel) => [folder ? `${folder}/${rel}` : rel, { link: path.join(previousSite, 'pagefind', folder, rel) }]));
}

/** Hard-links (or, across file systems, copies) each file into a new folder `out`. */
async function linkInto(out: string, files: ReadonlyMap<string, { link: string }>): Promise<void> {
  for (const [rel, { link: from }] of files) {
    const to = path.join(out, rel);
    await mkdir(path.dirname(to), { recursive: true });
    await link(from, to).catch(() => copyFile(from, to));
  }
}

/** Links the previous build's index files into the new site; false when any is missing. */
async function reuse(previous: PreviousIndex, previousSite: string, out: string): Promise<boolean> {
  try {
    const files = linksTo(previousSite, previous.files);
    // A recycled site folder's index (spare-site.ts): made to match, its files never written over.
    if (existsSync(out)) updateFolder(out, files);
    else await linkInto(out, files);
    return true;
  } catch {
    await rm(out, { recursive: true, force: true });
    return false;
  }
}
/** What SearchIndexer.open may keep of the last build's index: its manifest entry, the site it is in, and the pages' keys now. */
export interface KeepFrom {
  previous: PreviousIndex | undefined;
  /** The site folder holding the last build's `pagefind/`. */
  site: string;
  keys: Record<string, string>;
}

/**
 * Builds the search indexes while the pages are being rendered: each indexed page goes to
 * Pagefind (a process of its own, so it works on the other core) as soon as it is ready, instead
 * of Pagefind reading the finished site afterwards. Pages are added in path order whatever order
 * they are rendered in, so the index is the same bytes on every build of the same pages. A page
 * is sent without waiting for Pagefind to answer the one before: Pagefind takes its requests one
 * by one, in the order they come, and would otherwise wait on this thread between pages. An
 * index none of whose pages changed since the last build is kept (its files linked), not made
 * again: its pages are not sent at all.
 */
export class SearchIndexer {
  private readonly given = new Map<string, PageSource>();
  private next = 0;
  private flushing: Promise<void> = Promise.resolve();
  private failure: unknown;
  /** Pagefind's answers to the pages sent: the problems it found in each. */
  private readonly answers: Promise<string[]>[] = [];
  /** Settles once every indexed page has been sent, or no more are coming (see `done`). */
  private readonly sent: Promise<void>;
  private settleSent!: () => void;

  private constructor(
    /** Each index made anew by its folder under the output (`''` for the portal's language). */
    private readonly indexes: Map<string, pagefind.PagefindIndex>,
    /** The folder of the index each page sent goes to. */
    private readonly folderOf: ReadonlyMap<string, string>,
    /** The pages sent, in the order they are added. */
    private readonly expected: readonly string[],
    /** The indexes kept from the last build: their files (from their folder) by folder, and the site they are in. */
    private readonly kept: { files: ReadonlyMap<string, readonly string[]>; site: string },
  ) {
    this.sent = new Promise((resolve) => (this.settleSent = resolve));
    if (!expected.length) this.settleSent();
  }

  /**
   * Starts Pagefind with an index for each of the search bundles of the indexed pages among
   * `pagePaths` (see searchBundles) that cannot be kept from the last build (`keep`).
   */
  static async open(pagePaths: Iterable<string>, languages: SearchLanguages, keep?: KeepFrom): Promise<SearchIndexer> {
    const bundles = searchBundles(pagePaths, languages);
    const previous = keep?.previous?.bundles;
    const previousFiles = previous && Array.isArray(keep!.previous!.files) ? filesByBundle(Object.keys(previous), keep!.previous!.files) : undefined;
    const kept = new Map<string, readonly string[]>();
    const folderOf = new Map<string, string>();
    const indexes = new Map<string, pagefind.PagefindIndex>();
    try {
      for (const bundle of bundles) {
        const files = previousFiles?.get(bundle.folder);
        // Its files are linked into the new site, so each must still be there (the site may have been touched).
        if (files?.length && previous![bundle.folder] === bundleKey(bundle, keep!.keys)
          && files.every((rel) => isIndexFile(rel) && existsSync(path.join(keep!.site, bundleDir(bundle), rel)))) {
          kept.set(bundle.folder, files);
          continue;
        }
        // The language is forced, not read from <html lang> (the portal's, whatever the policy's).
        const { index, errors } = await pagefind.createIndex({ keepIndexUrl: true, forceLanguage: bundle.lang });
        if (!index) throw failure('render.search-index', { errors: errors.join('; ') });
        indexes.set(bundle.folder, index);
        for (const page of bundle.pages) folderOf.set(page, bundle.folder);
      }
    } catch (error) {
      await pagefind.close();
      throw error;
    }
    return new SearchIndexer(indexes, folderOf, [...folderOf.keys()].sort(), { files: kept, site: keep?.site ?? '' });
  }

  /**
   * A page's HTML, how to read it, or the site folder it is in (a page carried over from the last
   * build, which Pagefind then reads itself); pages no index being made covers are ignored.
   */
  page(pagePath: string, html: PageSource): void {
    if (!this.folderOf.has(pagePath) || this.failure !== undefined) return;
    this.given.set(pagePath, html);
    this.flushing = this.flushing.then(() => this.pump()).catch((error: unknown) => {
      this.failure ??= error;
      this.settleSent();
    });
  }

  /** Sends the pages given so far that come next in path order. */
  private async pump(): Promise<void> {
    while (this.next < this.expected.length && this.given.has(this.expected[this.next]!)) {
      const page = this.expected[this.next++]!;
      const source = this.given.get(page)!;
      this.given.delete(page);
      const index = this.indexes.get(this.folderOf.get(page)!)!;
      let answer: Promise<string[]>;
      if (typeof source === 'object' && GLOB_SAFE.test(page)) {
        // Pagefind reads the file itself: this thread neither reads it nor encodes it into a
        // message (about 1 ms of CPU a page). A glob naming one file indexes exactly what
        // addHTMLFile would with the same URL (keepIndexUrl), and Pagefind takes requests in the
        // order they come, so the index is the same bytes.
        answer = index.addDirectory({ path: source.dir, glob: page })
          .then((r) => (r.page_count === 1 || r.errors.length ? r.errors : [`${page} was not found`]));
      } else {
        const content = typeof source === 'string' ? source : typeof source === 'function' ? await source() : await readFile(path.join(source.dir, page), 'utf8');
        answer = index.addHTMLFile({ url: `/${page}`, content }).then((r) => r.errors);
      }
      answer.catch(() => {}); // awaited in write()
      this.answers.push(answer);
    }
    if (this.next === this.expected.length) this.settleSent();
  }

  /** No more pages will be given: write() stops waiting for those it still lacks (and reports them). */
  done(): void {
    this.settleSent();
  }

  /** The files of the indexes kept from the last build, from `pagefind/`, each with the file to link. */
  private keptFiles(): Map<string, { link: string }> {
    return new Map([...this.kept.files].flatMap(([folder, files]) => [...linksTo(this.kept.site, files, folder)]));
  }

  /**
   * Writes every index under `out` once every page it needs has been given (it may be called
   * before: it waits, so the index is written while other pages are still rendered), and links
   * the kept ones; the files, from `out`.
   */
  async write(out: string): Promise<string[]> {
    await this.sent;
    await this.flushing;
    if (this.failure !== undefined) throw this.failure;
    if (this.next < this.expected.length) throw new Error(`search index: ${this.expected[this.next]} was never rendered`);
    const errors = (await Promise.all(this.answers)).flat();
    if (errors.length) throw failure('render.search-index', { errors: errors.join('; ') });
    // A recycled site folder (spare-site.ts) holds the index of the build before last: what comes
    // out the same stays (all but a few of a thousand files after one edit), instead of
    // Pagefind deleting and writing every file again.
    if (existsSync(out)) {
      const files = new Map<string, Uint8Array | { link: string }>(this.keptFiles());
      for (const [folder, index] of this.indexes) {
        const { files: made, errors } = await index.getFiles();
        if (errors.length) throw failure('render.search-index', { errors: errors.join('; ') });
        for (const file of made) {
          const rel = folder ? `${folder}/${file.path}` : file.path;
          if (!UNUSED.test(rel)) files.set(rel, file.content);
        }
      }
      return updateFolder(out, files);
    }
    for (const [folder, index] of this.indexes) {
      const { errors } = await index.writeFiles({ outputPath: path.join(out, folder) });
      if (errors.length) throw failure('render.search-index', { errors: errors.join('; ') });
    }
    await linkInto(out, this.keptFiles());
    const files: string[] = [];
    for (const rel of await listFiles(out)) {
      if (UNUSED.test(rel)) await rm(path.join(out, rel));
      else files.push(rel);
    }
    return files;
  }

  /** Stops Pagefind. */
  async close(): Promise<void> {
    this.done();
    await this.flushing;
    await pagefind.close();
  }
}

/** Links the previous build's index into `out` when its key is `key`; false when it cannot. */
export async function reuseSearchIndex(previous: PreviousIndex | undefined, key: string, previousSite: string, out: string): Promise<boolean> {
  return previous?.key === key && Array.isArray(previous.files) && previous.files.every(isIndexFile) && reuse(previous, previousSite, out);
}
