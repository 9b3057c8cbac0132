import { toolKey } from '../../core/tool-key.js';
import { readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { hashKey } from '../build/cache.js';
import { PreceptError } from '../../core/errors.js';

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
}

/** The index folder of a language, from the site root: `pagefind` or `pagefind/<lang>`. */
export function searchBundle(languages: SearchLanguages, lang: string): string {
  return lang === languages.ui ? 'pagefind' : `pagefind/${lang}`;
}

/** Every language with an index, the portal's first, then the others sorted. */
export function searchBundleLanguages(languages: SearchLanguages): string[] {
  const others = new Set([...languages.pages.values()].filter((l) => l !== languages.ui));
  return [languages.ui, ...[...others].sort()];
}

/** The search index's key: Pagefind's version and the keys and languages of the pages it indexes. */
export function searchKey(pageKeys: Record<string, string>, languages: SearchLanguages): string {
  const indexed = Object.keys(pageKeys).filter(isIndexed).sort();
  return hashKey('search', toolKey(), pagefindVersion(), languages.ui, ...indexed.map((p) => `${p}=${pageKeys[p]}=${languages.pages.get(p) ?? languages.ui}`));
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

/** What the previous build's index was, from its manifest. */
export interface PreviousIndex {
  key: string;
  files: string[];
}

/** Links the previous build's index files into the new site; false when any is missing. */
async function reuse(previous: PreviousIndex, previousSite: string, out: string): Promise<boolean> {
  try {
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
 * Writes the Pagefind indexes of the current policy pages under `siteDir` to `out`, one per
 * language (Pagefind reads the pages in a process of its own). When no indexed page changed
 * since the last build, the previous index's files are linked instead.
 */
export async function writeSearchIndex(
  siteDir: string, out: string, key: string, previous: PreviousIndex | undefined, previousSite: string, languages: SearchLanguages,
): Promise<{ files: string[]; reused: boolean }> {
  if (previous?.key === key && Array.isArray(previous.files) && (await reuse(previous, previousSite, out))) return { files: previous.files, reused: true };
  const fail = (errors: string[]) => {
    if (errors.length) throw new PreceptError(`search index: ${errors.join('; ')}`);
  };
  try {
    const langs = searchBundleLanguages(languages);
    for (const lang of langs) {
      // The language is forced, not read from <html lang> (the portal's, whatever the policy's).
      const { index, errors } = await pagefind.createIndex({ keepIndexUrl: true, forceLanguage: lang });
      if (!index) throw new PreceptError(`search index: ${errors.join('; ')}`);
      if (langs.length === 1) {
        fail((await index.addDirectory({ path: siteDir, glob: 'policies/*/index.html' })).errors);
      } else {
        const pages = [...languages.pages].filter(([, l]) => l === lang).map(([p]) => p).sort();
        for (const page of pages) fail((await index.addHTMLFile({ url: `/${page}`, content: await readFile(path.join(siteDir, page), 'utf8') })).errors);
      }
      fail((await index.writeFiles({ outputPath: path.join(out, ...(lang === languages.ui ? [] : [lang])) })).errors);
    }
  } finally {
    await pagefind.close();
  }
  const files: string[] = [];
  for (const rel of await listFiles(out)) {
    if (UNUSED.test(rel)) await rm(path.join(out, rel));
    else files.push(rel);
  }
  return { files, reused: false };
}
