import { toolKey } from '../../core/tool-key.js';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { hashKey } from '../build/cache.js';
import { PreceptError } from '../../core/errors.js';
import { updateFolder } from '../../core/output/update-folder.js';

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
}

/** The index folder of a language, from the site root: `pagefind` or `pagefind/<lang>`. */
export function searchBundle(languages: SearchLanguages, lang: string): string {
  return lang === languages.ui ? 'pagefind' : `pagefind/${lang}`;
}

/** A language's index folder under `pagefind/`: '' for the portal's own. */
const bundleFolder = (languages: SearchLanguages, lang: string) => (lang === languages.ui ? '' : lang);

/** Every language with an index, the portal's first, then the others sorted. */
export function searchBundleLanguages(languages: SearchLanguages): string[] {
  const others = new Set([...languages.pages].filter(([p, l]) => l !== languages.ui && !languages.restricted?.has(p)).map(([, l]) => l));
  return [languages.ui, ...[...others].sort()];
}

/** The search index's key: Pagefind's version and the keys and languages of the pages it indexes. */
export function searchKey(pageKeys: Record<string, string>, languages: SearchLanguages): string {
  const indexed = Object.keys(pageKeys).filter(isIndexed).sort();
  return hashKey('search', toolKey(), pagefindVersion(), languages.ui, ...indexed.map((p) => `${p}=${pageKeys[p]}=${languages.pages.get(p) ?? languages.ui}=${languages.restricted?.get(p) ?? ''}`));
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
}

/** Links the previous build's index files into the new site; false when any is missing. */
async function reuse(previous: PreviousIndex, previousSite: string, out: string): Promise<boolean> {
  try {
    // A recycled site folder's index (spare-site.ts): made to match, its files never written over.
    if (existsSync(out)) {
      updateFolder(out, new Map(previous.files.map((rel) => [rel, { link: path.join(previousSite, 'pagefind', rel) }])));
      return true;
    }
    for (const rel of previous.files) {
      const to = path.join(out, rel);
      await mkdir(path.dirname(to), { recursive: true });
      const from = path.join(previousSite, 'pagefind', rel);
      await link(from, to).catch(() => copyFile(from, to));
    }
    return true;
  } catch {
    await rm(out, { recursive: true, force: true });
    return false;
  }
}

/**
 * Builds the search indexes while the pages are being rendered: each indexed page goes to
 * Pagefind (a process of its own, so it works on the other core) as soon as it is ready, instead
 * of Pagefind reading the finished site afterwards. Pages are added in path order whatever order
 * they are rendered in, so the index is the same bytes on every build of the same pages. A page
 * is sent without waiting for Pagefind to answer the one before: Pagefind takes its requests one
 * by one, in the order they come, and would otherwise wait on this thread between pages.
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
    private readonly languages: SearchLanguages,
    /** Each index by its folder under the output (`''` for the portal's language). */
    private readonly indexes: Map<string, pagefind.PagefindIndex>,
    /** The indexed pages, in the order they are added. */
    private readonly expected: readonly string[],
  ) {
    this.sent = new Promise((resolve) => (this.settleSent = resolve));
    if (!expected.length) this.settleSent();
  }

  /**
   * Starts Pagefind with one index per language for the indexed pages among `pagePaths`, and one
   * for each restricted policy's page (served only to its readers, so no fragment of a shared
   * index holds its words).
   */
  static async open(pagePaths: Iterable<string>, languages: SearchLanguages): Promise<SearchIndexer> {
    const indexes = new Map<string, pagefind.PagefindIndex>();
    const bundles: [string, string][] = [
      ...searchBundleLanguages(languages).map((lang): [string, string] => [bundleFolder(languages, lang), lang]),
      ...[...(languages.restricted ?? [])].sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([page, dir]): [string, string] => [path.posix.relative('pagefind', dir), languages.pages.get(page) ?? languages.ui]),
    ];
    try {
      for (const [folder, lang] of bundles) {
        // The language is forced, not read from <html lang> (the portal's, whatever the policy's).
        const { index, errors } = await pagefind.createIndex({ keepIndexUrl: true, forceLanguage: lang });
        if (!index) throw new PreceptError(`search index: ${errors.join('; ')}`);
        indexes.set(folder, index);
      }
    } catch (error) {
      await pagefind.close();
      throw error;
    }
    return new SearchIndexer(languages, indexes, [...pagePaths].filter(isIndexed).sort());
  }

  /**
   * A page's HTML, how to read it, or the site folder it is in (a page carried over from the last
   * build, which Pagefind then reads itself); pages search does not cover are ignored.
   */
  page(pagePath: string, html: PageSource): void {
    if (!isIndexed(pagePath) || this.failure !== undefined) return;
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
      const restricted = this.languages.restricted?.get(page);
      const folder = restricted ? path.posix.relative('pagefind', restricted) : bundleFolder(this.languages, this.languages.pages.get(page) ?? this.languages.ui);
      const index = this.indexes.get(folder)!;
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

  /**
   * Writes every language's index under `out` once every indexed page has been given (it may be
   * called before: it waits, so the index is written while other pages are still rendered); the
   * files written, from `out`.
   */
  async write(out: string): Promise<string[]> {
    await this.sent;
    await this.flushing;
    if (this.failure !== undefined) throw this.failure;
    if (this.next < this.expected.length) throw new Error(`search index: ${this.expected[this.next]} was never rendered`);
    const errors = (await Promise.all(this.answers)).flat();
    if (errors.length) throw new PreceptError(`search index: ${errors.join('; ')}`);
    // A recycled site folder (spare-site.ts) holds the index of the build before last: what comes
    // out the same stays (all but a few of a thousand files after one edit), instead of
    // Pagefind deleting and writing every file again.
    if (existsSync(out)) {
      const files = new Map<string, Uint8Array>();
      for (const [folder, index] of this.indexes) {
        const { files: made, errors } = await index.getFiles();
        if (errors.length) throw new PreceptError(`search index: ${errors.join('; ')}`);
        for (const file of made) {
          const rel = folder ? `${folder}/${file.path}` : file.path;
          if (!UNUSED.test(rel)) files.set(rel, file.content);
        }
      }
      return updateFolder(out, files);
    }
    for (const [folder, index] of this.indexes) {
      const { errors } = await index.writeFiles({ outputPath: path.join(out, folder) });
      if (errors.length) throw new PreceptError(`search index: ${errors.join('; ')}`);
    }
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
  return previous?.key === key && Array.isArray(previous.files) && reuse(previous, previousSite, out);
}
