import { readFile } from 'node:fs/promises';
import { readdirSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { PageManifest } from './page-writer.js';

/** What a recycled site folder already holds: pages that stay as they are, and its folders. */
export interface RecycledSite {
  /** Pages (site paths) already in place with the content this build gives them. */
  pages: Set<string>;
  /** Folders (site paths, '' the root) that exist. */
  dirs: Set<string>;
}

/**
 * Where the site before the previous one is kept for the next build to recycle: in the cache
 * folder (`site-spare/`), which a repository cannot supply (cacheDirFor) and which the output
 * folder, often uploaded whole, never shows. Recycling needs it on the output's file system (it
 * is renamed into place, its pages are hard links); elsewhere the build deletes the replaced site
 * as before.
 */
export function spareSitePath(cacheDir: string): string {
  return path.join(cacheDir, 'site-spare');
}

/**
 * Turns a spare site (moved to `dir`) into the start of the new one: a page stays where the
 * spare's manifest, the previous site's and this build agree on its key (the page writer would
 * carry it over, and here it is already in place); every other file, link and folder no page
 * needs is removed, so what the build writes is always a new file, never one the live site
 * shares through a hard link. Undefined when the spare has no manifest (it is not used then).
 */
export async function recycleSite(
  dir: string, manifestName: string, keys: Record<string, string>, previous: PageManifest,
  /**
   * Other files and folders that may stay, for their writers to check and replace (the fonts:
   * see writeFontAssets; the search index: see SearchIndexer.write).
   */
  checked: (rel: string) => boolean = () => false,
): Promise<RecycledSite | undefined> {
  let spare: PageManifest;
  try {
    spare = JSON.parse(await readFile(path.join(dir, manifestName), 'utf8')) as PageManifest;
  } catch {
    return undefined;
  }
  if (spare.format !== 1 || !spare.pages || typeof spare.pages !== 'object') return undefined;
  const keep = new Set<string>();
  const needed = new Set<string>(['']);
  const need = (file: string) => {
    for (let d = path.posix.dirname(file); d !== '.' && !needed.has(d); d = path.posix.dirname(d)) needed.add(d);
  };
  for (const [page, key] of Object.entries(keys)) {
    if (Object.hasOwn(spare.pages, page) && spare.pages[page] === key && previous.pages[page] === key) keep.add(page);
    need(page);
  }
  const pages = new Set<string>();
  const dirs = new Set<string>();
  // Synchronous: thousands of folders, each read once; through the thread pool each would cost
  // a promise and two hand-overs for no overlap (the build waits for this folder).
  const visit = (rel: string): void => {
    dirs.add(rel);
    for (const entry of readdirSync(rel ? path.join(dir, rel) : dir, { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isDirectory() && (needed.has(child) || checked(child))) visit(child);
      else if (entry.isFile() && keep.has(child)) pages.add(child);
      else if (entry.isFile() && checked(child)) continue;
      else if (entry.isDirectory()) rmSync(full, { recursive: true, force: true });
      else unlinkSync(full);
    }
  };
  visit('');
  return { pages, dirs };
}
