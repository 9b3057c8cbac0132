import { readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { hashKey } from '../build/cache.js';
import { PreceptError } from '../errors.js';

/** Pagefind files the portal does not use (it ships its own small search page script). */
const UNUSED = /^pagefind-(ui|component-ui|modular-ui|highlight)\./;

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

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, child)));
    else out.push(child);
  }
  return out.sort();
}

/**
 * Writes the Pagefind index of the current policy pages to `<site>/pagefind/`. The index only
 * changes when those pages do: then the previous build's files are linked instead of re-indexing.
 */
export async function writeSearchIndex(
  siteDir: string,
  options: { key: string; previous: { key: string; files: string[] } | undefined; previousDir: string },
): Promise<{ key: string; files: string[]; reused: boolean }> {
  const out = path.join(siteDir, 'pagefind');
  if (options.previous?.key === options.key) {
    try {
      for (const rel of options.previous.files) {
        const to = path.join(out, rel);
        await mkdir(path.dirname(to), { recursive: true });
        const from = path.join(options.previousDir, 'pagefind', rel);
        await link(from, to).catch(() => copyFile(from, to));
      }
      return { key: options.key, files: options.previous.files, reused: true };
    } catch {
      await rm(out, { recursive: true, force: true });
    }
  }
  try {
    const { index, errors } = await pagefind.createIndex({ keepIndexUrl: true });
    if (!index) throw new PreceptError(`search index: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: siteDir, glob: 'policies/*/index.html' });
    if (added.errors.length) throw new PreceptError(`search index: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: out });
    if (written.errors.length) throw new PreceptError(`search index: ${written.errors.join('; ')}`);
  } finally {
    await pagefind.close();
  }
  const files: string[] = [];
  for (const rel of await listFiles(out)) {
    if (UNUSED.test(rel)) await rm(path.join(out, rel));
    else files.push(rel);
  }
  return { key: options.key, files, reused: false };
}

/** The search index's key: Pagefind's version and the keys of the pages it indexes. */
export function searchKey(pageKeys: Record<string, string>): string {
  const indexed = Object.keys(pageKeys).filter((p) => /^policies\/[^/]+\/index\.html$/.test(p)).sort();
  return hashKey('search-1', pagefindVersion(), ...indexed.map((p) => `${p}=${pageKeys[p]}`));
}
