/** The spare site a build keeps in the cache folder and the next build recycles (src/render/site/spare-site.ts). */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from './helpers/git-repo.js';
import { portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';
import { listFiles } from './helpers/site-files.js';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'precept-spare-'));

/** Every file of a site folder with a hash of its bytes (a deep comparison of 7 MB of fonts would take minutes). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const rel of await listFiles(dir)) files.set(rel, createHash('sha256').update(await readFile(path.join(dir, rel))).digest('hex'));
  return files;
}

describe('a rebuild recycles the site before the previous one', () => {
  let repo: TestRepo;
  let cache: string;
  let site: string;
  let spare: string;
  const build = (...extra: string[]) => runCli(['build', '--no-pdf', '--root', repo.dir, '--cache-dir', cache, '--verbose', ...extra]);
  const edit = async (words: string) => {
    const file = path.join(repo.dir, 'policies/encryption.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/Keys rotate every [^.]*\./, `Keys rotate every ${words}.`).replace('status: approved', 'status: in-review'));
  };
  const fresh = async () => {
    const out = await tmp();
    const cold = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', out, '--no-cache']);
    expect(cold.code, cold.stderr).toBe(0);
    return snapshot(path.join(out, 'site'));
  };

  beforeAll(async () => {
    repo = await portalRepo();
    cache = await tmp();
    site = path.join(repo.dir, 'dist', 'site');
    spare = path.join(cache, 'site-spare');
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(spare)).toBe(false);
  }, 300_000);
  afterAll(async () => {
    await rm(repo.dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  it('keeps the replaced site in the cache folder, not in the output, and gives the same site as a build from scratch', async () => {
    await edit('six months');
    const second = await build();
    expect(second.code, second.stderr).toBe(0);
    expect(existsSync(path.join(spare, '.precept-site.json'))).toBe(true);
    expect((await listFiles(path.join(repo.dir, 'dist'))).filter((f) => !f.startsWith('site/'))).toEqual([]);
    await edit('three months');
    const third = await build();
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/rendered [1-9]\d?, reused \d+/);
    expect(await snapshot(site)).toEqual(await fresh());
  }, 300_000);

  it('removes whatever else the spare holds: stray files, links and folders', async () => {
    await writeFile(path.join(spare, 'policies', 'encryption', 'stray.html'), 'stray');
    await mkdir(path.join(spare, 'stray-folder'));
    await writeFile(path.join(spare, 'stray-folder', 'index.html'), 'stray');
    await symlink('/etc/passwd', path.join(spare, 'passwd'));
    // Where files are kept for their writers to compare: the search index and the fonts.
    await writeFile(path.join(spare, 'pagefind', 'stray.pf_fragment'), 'stray');
    await writeFile(path.join(spare, 'pagefind', 'pagefind-entry.json'), '{}');
    await writeFile(path.join(spare, 'assets', 'fonts', 'stray.woff2'), 'stray');
    await edit('four months');
    const run = await build();
    expect(run.code, run.stderr).toBe(0);
    expect(await snapshot(site)).toEqual(await fresh());
  }, 300_000);

  it('leaves the live site as it was when a build that recycled the spare fails', async () => {
    await edit('five months');
    expect((await build()).code).toBe(0);
    expect(existsSync(spare)).toBe(true);
    const before = await snapshot(site);
    await edit('two months');
    // A theme override whose policy page asks for a message no catalogue has.
    await mkdir(path.join(repo.dir, 'site', 'pages'), { recursive: true });
    await writeFile(path.join(repo.dir, 'site', 'pages', 'policy.hbs'), '{{t "content.no-such-message"}}\n');
    const failed = await build();
    expect(failed.code).toBe(2);
    expect(await snapshot(site)).toEqual(before);
    expect((await listFiles(path.join(repo.dir, 'dist'))).filter((f) => !f.startsWith('site/'))).toEqual([]);
    await rm(path.join(repo.dir, 'site'), { recursive: true, force: true });
    const again = await build();
    expect(again.code, again.stderr).toBe(0);
    expect(await snapshot(site)).toEqual(await fresh());
  }, 300_000);
});
