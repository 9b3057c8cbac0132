import { readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { hashKey } from '../build/cache.js';
import { PreceptError } from '../errors.js';

/** Pagefind files the portal does not use (it ships its own small search page script). */
const UNUSED = /^pagefind-(ui|component-ui|modular-ui|highlight)\./;

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

/** The search index's key: Pagefind's version and the keys of the pages it indexes. */
export function searchKey(pageKeys: Record<string, string>): string {
  const indexed = Object.keys(pageKeys).filter(isIndexed).sort();
  return hashKey('search-1', pagefindVersion(), ...indexed.map((p) => `${p}=${pageKeys[p]}`));
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

/**
 * The Pagefind index of the current policy pages, written to `<site>/pagefind/`. Pages are added
 * while the rest of the site is still being written (Pagefind runs as a process of its own);
 * when no indexed page changed since the last build, its files are linked instead.
 */
export class SearchIndex {
  private readonly adds: Promise<unknown>[] = [];

  private constructor(
    readonly key: string,
    private readonly index: pagefind.PagefindIndex | undefined,
    private readonly previous: { dir: string; files: string[] } | undefined,
  ) {}

  /** Starts an index (or plans to reuse the previous one when its key matches). */
  static async open(key: string, previous: PreviousIndex | undefined, previousSite: string): Promise<SearchIndex> {
    if (previous?.key === key && Array.isArray(previous.files)) return new SearchIndex(key, undefined, { dir: path.join(previousSite, 'pagefind'), files: previous.files });
    const { index, errors } = await pagefind.createIndex({ keepIndexUrl: true });
    if (!index) {
      await pagefind.close();
      throw new PreceptError(`search index: ${errors.join('; ')}`);
    }
    return new SearchIndex(key, index, undefined);
  }

  /** Whether pages must be added (false when the previous index is reused). */
  get building(): boolean {
    return this.index !== undefined;
  }

  /** Adds a page; call in a fixed order (the index's bytes depend on it). */
  add(pagePath: string, html: string): void {
    this.adds.push(this.index!.addHTMLFile({ sourcePath: pagePath, content: html }));
  }

  /** Writes (or links) the index into the site; returns its files. */
  async write(siteDir: string): Promise<{ files: string[]; reused: boolean }> {
    const out = path.join(siteDir, 'pagefind');
    if (this.previous) {
      try {
        for (const rel of this.previous.files) {
          const to = path.join(out, rel);
          await mkdir(path.dirname(to), { recursive: true });
          const from = path.join(this.previous.dir, rel);
          await link(from, to).catch(() => copyFile(from, to));
        }
        return { files: this.previous.files, reused: true };
      } catch {
        // The previous files are gone: index from the pages just written.
        await rm(out, { recursive: true, force: true });
        const fresh = await SearchIndex.open(this.key, undefined, '');
        for (const rel of (await listFiles(siteDir)).filter(isIndexed)) fresh.add(rel, await readFile(path.join(siteDir, rel), 'utf8'));
        return fresh.write(siteDir);
      }
    }
    try {
      for (const r of (await Promise.all(this.adds)) as { errors: string[] }[]) {
        if (r.errors.length) throw new PreceptError(`search index: ${r.errors.join('; ')}`);
      }
      const written = await this.index!.writeFiles({ outputPath: out });
      if (written.errors.length) throw new PreceptError(`search index: ${written.errors.join('; ')}`);
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

  /** Stops Pagefind after a failed build. */
  async abandon(): Promise<void> {
    if (this.index) await pagefind.close();
  }
}
