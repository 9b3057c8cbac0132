/** The search index `precept dev` refreshes in place is the same bytes as one Pagefind is given every page's HTML for (as a cold build does). */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from '../src/render/build/build.js';
import { newSession, type BuildOptions } from '../src/render/build/context.js';
import { isIndexed, SearchIndexer } from '../src/render/site/search-index.js';
import type { TestRepo } from './helpers/git-repo.js';
import { portalRepo } from './helpers/portal-repo.js';
import { listFiles } from './helpers/site-files.js';

let repo: TestRepo;
let site: string;
let options: BuildOptions;

beforeAll(async () => {
  repo = await portalRepo();
  site = path.join(repo.dir, 'dist', 'site');
  options = {
    root: repo.dir, outDir: path.join(repo.dir, 'dist'), asOf: '2026-11-25', env: {}, now: () => new Date(),
    session: newSession(), live: true, skip: new Set(['pdf']), cacheDir: path.join(repo.dir, '..', `${path.basename(repo.dir)}-cache`),
  };
  await (await build(options)).settled;
});
afterAll(async () => {
  await rm(repo.dir, { recursive: true, force: true });
  await rm(options.cacheDir!, { recursive: true, force: true });
});

/** Every file of an index folder with its bytes. */
async function indexFiles(dir: string): Promise<Map<string, Buffer>> {
  return new Map(await Promise.all((await listFiles(dir)).map(async (f): Promise<[string, Buffer]> => [f, await readFile(path.join(dir, f))])));
}

/** The index Pagefind makes when given every indexed page's HTML from the site, in a new folder. */
async function freshIndex(name: string): Promise<Map<string, Buffer>> {
  const pages = (await listFiles(site)).filter(isIndexed);
  expect(pages.length).toBeGreaterThan(1);
  const fresh = path.join(repo.dir, name);
  const indexer = await SearchIndexer.open(pages, { ui: 'en', pages: new Map(pages.map((p) => [p, 'en'])) });
  try {
    for (const page of pages) indexer.page(page, await readFile(path.join(site, page), 'utf8'));
    await indexer.write(fresh);
  } finally {
    await indexer.close();
  }
  return indexFiles(fresh);
}

/** Edits encryption.md, rebuilds in-process, and returns the index before and after next to one made from scratch. */
async function editAndRebuild(from: string, to: string, freshName: string) {
  const before = await indexFiles(path.join(site, 'pagefind'));
  const file = path.join(repo.dir, 'policies', 'encryption.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace(from, to));
  const result = await build(options);
  await result.settled;
  const fresh = await freshIndex(freshName);
  const live = await indexFiles(path.join(site, 'pagefind'));
  expect([...live.keys()]).toEqual([...fresh.keys()]);
  expect(live).toEqual(fresh);
  expect(live).not.toEqual(before);
  return result;
}

it('refreshes the index after an edit to the same bytes as indexing every page from its HTML', async () => {
  const result = await editAndRebuild('Keys rotate every year.', 'Keys rotate every ninety days, said the quokka.', 'fresh-index');
  expect(result.stages[0]).toMatchObject({ searchReused: false });
});

it('refreshes it so again when it recycles the index the last rebuild replaced', async () => {
  await editAndRebuild('said the quokka.', 'said the wombat.', 'fresh-index-2');
  // The replaced index is kept outside the served folder for the next rebuild.
  expect((await listFiles(site)).filter((f) => f.startsWith('.pagefind'))).toEqual([]);
  expect((await listFiles(path.join(options.cacheDir!, 'search-spare'))).length).toBeGreaterThan(0);
});
