/**
 * A portal with many policies splits each language's search index into shards (here two pages a
 * shard, so twelve policies make several): a `precept dev` rebuild after one edit makes only the
 * shard of the edited policy again and keeps the others' files (the same inodes), the result is
 * the same bytes as a build from scratch, and the search page finds and ranks matches from every
 * shard together in a real browser.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { build } from '../src/render/build/build.js';
import { newSession, type BuildOptions } from '../src/render/build/context.js';
import { bundleDir, reuseSearchIndex, searchBundles, shardCount } from '../src/render/site/search-index.js';
import { BuildStatus } from '../src/server/dev/build-status.js';
import { ReloadHub } from '../src/server/dev/live-reload.js';
import { startServer, type DevServer } from '../src/server/dev/server.js';
import { approveAll } from './helpers/approve-all.js';
import type { TestRepo } from './helpers/git-repo.js';
import { policyFile, portalRepo } from './helpers/portal-repo.js';
import { listFiles } from './helpers/site-files.js';

const EXTRA = Array.from({ length: 10 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);

let repo: TestRepo;
let site: string;
let options: BuildOptions;
let server: DevServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  repo = await portalRepo('precept-shards-');
  await repo.write(Object.fromEntries(EXTRA.map((id, i) => [`policies/${id}.md`, policyFile(id, `Policy ${id.toUpperCase()}`, '1.0.0',
    `## Purpose\n\nEvery zebra crossing is painted ${'white '.repeat(i + 1)}and token${id} appears here only.\n`)])));
  await approveAll(repo.dir, new Date('2026-06-03T09:00:00Z'));
  repo.commit('Ten more policies', '2026-06-03T10:00:00Z');
  site = path.join(repo.dir, 'dist', 'site');
  options = {
    root: repo.dir, outDir: path.join(repo.dir, 'dist'), asOf: '2026-11-25', env: {}, now: () => new Date(),
    session: newSession(), live: true, skip: new Set(['pdf']), cacheDir: path.join(repo.dir, '..', `${path.basename(repo.dir)}-cache`),
    searchShardPages: 2,
  };
  await (await build(options)).settled;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(repo.dir, { recursive: true, force: true });
  await rm(options.cacheDir!, { recursive: true, force: true });
  await rm(`${options.cacheDir}-cold`, { recursive: true, force: true });
});

const pagesOf = (ids: string[]) => ids.map((id) => `policies/${id}/index.html`);
const ALL = pagesOf(['access-control', 'encryption', ...EXTRA]);
const bundles = () => searchBundles(ALL, { ui: 'en', pages: new Map(ALL.map((p) => [p, 'en'])), shardPages: 2 });

/** Each file of a folder with its bytes and inode. */
async function files(dir: string): Promise<Map<string, { bytes: Buffer; ino: number }>> {
  return new Map(await Promise.all((await listFiles(dir)).map(async (f): Promise<[string, { bytes: Buffer; ino: number }]> => {
    const at = path.join(dir, f);
    return [f, { bytes: await readFile(at), ino: (await stat(at)).ino }];
  })));
}

it('splits the index by a hash of each page path, a power of two at most, never into empty shards', () => {
  expect([1, 256, 257, 512, 513, 1000, 1024, 1025, 10_000_000].map((n) => shardCount(n))).toEqual([1, 1, 2, 2, 4, 4, 4, 8, 16]);
  const made = bundles();
  expect(made.length).toBeGreaterThan(2);
  expect(made[0]!.folder).toBe('');
  expect(made.slice(1).every((b) => /^_s\d+$/.test(b.folder) && b.pages.length > 0)).toBe(true);
  expect(made.flatMap((b) => b.pages).sort()).toEqual([...ALL].sort());
});

it('splits each language on its own and keeps restricted policies out of every shard', () => {
  const en = pagesOf(['a1', 'a2', 'a3', 'a4', 'a5']);
  const ja = pagesOf(['j1', 'j2', 'j3', 'j4', 'j5']);
  const secret = 'policies/secret/index.html';
  const made = searchBundles([...en, ...ja, secret], {
    ui: 'en', shardPages: 2,
    pages: new Map([...en.map((p): [string, string] => [p, 'en']), ...ja.map((p): [string, string] => [p, 'ja']), [secret, 'ja']]),
    restricted: new Map([[secret, 'pagefind/_r/0123']]),
  });
  const folders = made.map((b) => b.folder);
  expect(folders[0]).toBe('');
  expect(folders.filter((f) => f === 'ja' || f.startsWith('ja/_s')).length).toBeGreaterThan(1);
  expect(folders.at(-1)).toBe('_r/0123');
  expect(made.filter((b) => b.lang === 'en').flatMap((b) => b.pages).sort()).toEqual(en);
  expect(made.filter((b) => b.lang === 'ja' && !b.restricted).flatMap((b) => b.pages).sort()).toEqual(ja);
  expect(made.filter((b) => !b.restricted).some((b) => b.pages.includes(secret))).toBe(false);
  expect(made.find((b) => b.restricted)).toMatchObject({ lang: 'ja', pages: [secret] });
});

it('gives the search page every shard, and each shard its own Pagefind bundle', async () => {
  const page = await readFile(path.join(site, 'search', 'index.html'), 'utf8');
  const listed = /data-bundles="([^"]*)"/.exec(page)![1]!.split(' ');
  expect(listed).toEqual(bundles().map((b) => `${bundleDir(b)}:en`));
  for (const b of bundles()) expect((await stat(path.join(site, bundleDir(b), 'pagefind-entry.json'))).isFile()).toBe(true);
});

it('makes only the edited policy’s shard again on a rebuild, to the bytes of a build from scratch', async () => {
  const before = await files(path.join(site, 'pagefind'));
  const file = path.join(repo.dir, 'policies', 'encryption.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('Keys rotate every year.', 'Keys rotate every ninety days, said the quokka.'));
  const result = await build(options);
  await result.settled;
  const after = await files(path.join(site, 'pagefind'));

  const edited = bundles().find((b) => b.pages.includes('policies/encryption/index.html'))!;
  const inEdited = (rel: string) => (edited.folder ? rel.startsWith(`${edited.folder}/`) : !/^_s\d+\//.test(rel));
  const kept = [...after].filter(([rel]) => !inEdited(rel));
  expect(kept.length).toBeGreaterThan(0);
  for (const [rel, { ino }] of kept) expect(ino, rel).toBe(before.get(rel)?.ino);
  expect([...after].filter(([rel]) => inEdited(rel)).some(([rel, f]) => !before.get(rel)?.bytes.equals(f.bytes))).toBe(true);

  // The edit is not approved, which a live build shows and a build for release refuses: no rules here.
  const { cacheDir: _live, ...uncached } = options;
  const cold: BuildOptions = { ...uncached, outDir: path.join(repo.dir, 'cold'), live: false, session: newSession(), rules: [] };
  const made = await build(cold);
  expect(made.built).toBe(true);
  await made.settled;
  const scratch = await files(path.join(cold.outDir, 'site', 'pagefind'));
  expect([...after.keys()]).toEqual([...scratch.keys()]);
  for (const [rel, { bytes }] of scratch) expect(after.get(rel)!.bytes.equals(bytes), rel).toBe(true);

  // A build (not live, with no spare site yet: Pagefind writes the new shard) after an edit links the unchanged shards from the site it replaces.
  const p03 = path.join(repo.dir, 'policies', 'p03.md');
  await writeFile(p03, (await readFile(p03, 'utf8')).replace('appears here only', 'appears here only, said the wombat'));
  // (With a cache folder: a build trusts the last build's manifest only then.)
  await (await build({ ...cold, session: newSession(), cacheDir: `${options.cacheDir}-cold` })).settled;
  const rebuilt = await files(path.join(cold.outDir, 'site', 'pagefind'));
  const edited3 = bundles().find((b) => b.pages.includes('policies/p03/index.html'))!;
  const in3 = (rel: string) => (edited3.folder ? rel.startsWith(`${edited3.folder}/`) : !/^_s\d+\//.test(rel));
  for (const [rel, { ino }] of rebuilt) if (!in3(rel)) expect(ino, rel).toBe(scratch.get(rel)?.ino);
  const again = { ...cold, outDir: path.join(repo.dir, 'cold-2'), session: newSession() };
  await (await build(again)).settled;
  const scratch2 = await files(path.join(again.outDir, 'site', 'pagefind'));
  expect([...rebuilt.keys()]).toEqual([...scratch2.keys()]);
  for (const [rel, { bytes }] of scratch2) expect(rebuilt.get(rel)!.bytes.equals(bytes), rel).toBe(true);
}, 120_000);

it('finds and ranks matches from every shard together in a browser', async () => {
  server = await startServer(site, 0, new ReloadHub(), new BuildStatus());
  browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
  const page: Page = await browser.newPage();
  const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').trim()));
  await page.goto(new URL('search/index.html?q=zebra', server.url).href);
  await page.waitForFunction("document.querySelectorAll('#search-results li h2').length === 10");
  expect((await texts('#search-results h2')).sort()).toEqual(EXTRA.map((id) => `Policy ${id.toUpperCase()}`).sort());
  expect(await texts('#search-status')).toEqual(['10 policies match “zebra”.']);

  await page.goto(new URL('search/index.html?q=tokenp07', server.url).href);
  await page.waitForSelector('#search-results li h2');
  expect(await texts('#search-results h2')).toEqual(['Policy P07']);
  await page.goto(new URL('search/index.html?q=quokka', server.url).href);
  await page.waitForSelector('#search-results li h2');
  expect(await texts('#search-results h2')).toEqual(['Encryption Policy']);
}, 60_000);

it('never links a file the previous manifest names outside the index', async () => {
  const previousSite = path.join(repo.dir, 'tampered', 'site');
  await mkdir(path.join(previousSite, 'pagefind'), { recursive: true });
  // Beside the index: `../secret.txt` from pagefind/ names a file that is there.
  await writeFile(path.join(previousSite, 'secret.txt'), 'not for the portal');
  await writeFile(path.join(previousSite, 'pagefind', 'pagefind.js'), '');
  for (const bad of ['../secret.txt', '/etc/hostname', 'a/../../secret.txt', '']) {
    const out = path.join(repo.dir, 'tampered', 'out');
    expect(await reuseSearchIndex({ key: 'k', files: ['pagefind.js', bad] }, 'k', previousSite, out)).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.join(repo.dir, 'tampered', 'secret.txt'))).toBe(false);
  }
  const out = path.join(repo.dir, 'tampered', 'good');
  expect(await reuseSearchIndex({ key: 'k', files: ['pagefind.js'] }, 'k', previousSite, out)).toBe(true);
  expect(existsSync(path.join(out, 'pagefind.js'))).toBe(true);
});
