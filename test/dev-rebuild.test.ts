/**
 * `precept dev`'s in-process rebuilds keep each policy's view (render/data/view-memory.ts) and remember its page keys by everything its pages
 * show (render/site/live-pages.ts): after an edit to what many pages share (the roster, another
 * policy's title, a new or deleted policy, the config, a ledger's new record), every page is what a build from scratch
 * of the same tree writes.
 */
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from '../src/render/build/build.js';
import { newSession, type BuildOptions } from '../src/render/build/context.js';
import type { TestRepo } from './helpers/git-repo.js';
import { policyFile, portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';
import { sitePages } from './helpers/site-files.js';

let repo: TestRepo;
let options: BuildOptions;
let scratch = 0;

beforeAll(async () => {
  repo = await portalRepo('precept-dev-rebuild-');
  options = {
    root: repo.dir, outDir: path.join(repo.dir, 'dist'), asOf: '2026-11-25', env: {}, now: () => new Date(),
    session: newSession(), live: true, skip: new Set(['pdf']), cacheDir: path.join(repo.dir, '..', `${path.basename(repo.dir)}-cache`),
  };
  await (await build(options)).settled;
  // The second build is the first to update the served folder in place.
  await (await build(options)).settled;
});
afterAll(async () => {
  await rm(repo.dir, { recursive: true, force: true });
  await rm(options.cacheDir!, { recursive: true, force: true });
});

/** Edits a file of the repo, rebuilds in-process, and expects the pages of a build from scratch (a fresh session, no cache, a new folder). */
async function editAndCompare(file: string, edit: (text: string) => string | undefined): Promise<Map<string, string>> {
  const at = path.join(repo.dir, file);
  const next = edit(await readFile(at, 'utf8').catch(() => ''));
  if (next === undefined) await unlink(at);
  else await writeFile(at, next);
  return rebuildAndCompare();
}

/** Rebuilds in-process and expects the pages of a build from scratch. */
async function rebuildAndCompare(): Promise<Map<string, string>> {
  const live = await build(options);
  expect(live.built).toBe(true);
  await live.settled;
  const outDir = path.join(repo.dir, `scratch-${scratch++}`);
  const { cacheDir: _, ...uncached } = options;
  const cold = await build({ ...uncached, outDir, session: newSession() });
  await cold.settled;
  const pages = await sitePages(path.join(options.outDir, 'site'));
  const expected = await sitePages(path.join(outDir, 'site'));
  expect([...pages.keys()]).toEqual([...expected.keys()]);
  for (const [page, html] of expected) expect(pages.get(page), page).toBe(html);
  await rm(outDir, { recursive: true, force: true });
  return pages;
}

it("shows a new acknowledgement in the policy's share of staff", async () => {
  const before = (await sitePages(path.join(options.outDir, 'site'))).get('policies/encryption/index.html');
  const run = await runCli(['ack', 'encryption', '--as', 'cy', '--root', repo.dir], { now: new Date('2026-07-01T09:00:00Z') });
  expect(run.code, run.stderr).toBe(0);
  const pages = await rebuildAndCompare();
  expect(pages.get('policies/encryption/index.html')).not.toBe(before);
});

it('shows a renamed person on every policy they own', async () => {
  const pages = await editAndCompare('people.yaml', (t) => t.replace('Ada Owner', 'Ada Lovelace'));
  expect(pages.get('policies/encryption/index.html')).toContain('Ada Lovelace');
});

it("shows another policy's new title where it is linked as related", async () => {
  const pages = await editAndCompare('policies/encryption.md', (t) => t!.replace('title: Encryption Policy', 'title: Cryptography Policy'));
  expect(pages.get('policies/access-control/index.html')).toContain('Cryptography Policy');
});

it('lists a new policy that relates to another on that one, and drops it once deleted', async () => {
  const pages = await editAndCompare('policies/backup.md', () => policyFile('backup', 'Backup Policy', '1.0.0', '## Purpose\n\nBackups run nightly.\n', 'related: [encryption]\n'));
  expect(pages.get('policies/encryption/index.html')).toContain('Backup Policy');
  const after = await editAndCompare('policies/backup.md', () => undefined);
  expect(after.get('policies/encryption/index.html')).not.toContain('Backup Policy');
  expect(after.has('policies/backup/index.html')).toBe(false);
});

it("shows the organisation's new name on every page", async () => {
  const pages = await editAndCompare('precept.config.yaml', (t) => t!.replace('name: Quokka Labs', 'name: Wombat Labs'));
  expect(pages.get('policies/access-control/index.html')).toContain('Wombat Labs');
});
