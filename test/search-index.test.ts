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

it('refreshes the index after an edit to the same bytes as indexing every page from its HTML', async () => {
  const before = await indexFiles(path.join(site, 'pagefind'));
  const file = path.join(repo.dir, 'policies', 'encryption.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('Keys rotate every year.', 'Keys rotate every ninety days, said the quokka.'));
  const result = await build(options);
  await result.settled;
  const pages = (await listFiles(site)).filter(isIndexed);
  expect(pages.length).toBeGreaterThan(1);
  const fresh = path.join(repo.dir, 'fresh-index');
  const indexer = await SearchIndexer.open(pages, { ui: 'en', pages: new Map(pages.map((p) => [p, 'en'])) });
  try {
    for (const page of pages) indexer.page(page, await readFile(path.join(site, page), 'utf8'));
    await indexer.write(fresh);
  } finally {
    await indexer.close();
  }
  const live = await indexFiles(path.join(site, 'pagefind'));
  expect([...live.keys()]).toEqual([...(await indexFiles(fresh)).keys()]);
  expect(live).toEqual(await indexFiles(fresh));
  expect(result.stages[0]).toMatchObject({ searchReused: false });
  expect(live).not.toEqual(before);
});
