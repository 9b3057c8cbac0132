/**
 * Issue 11, trust boundaries, item 6: render caches hold HTML and PDFs that go into the output
 * unchecked, so a repository must never supply them. An attacker computes the entries from
 * public data (a build of their own clone), poisons them and commits them with `git add -f`
 * (the render cache, the PDF cache and a previous `dist/site`); a fresh clone's build must not
 * use any of them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfText } from './helpers/pdf.js';
import { portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';

const MARK = 'PWNED-BY-CACHE';
const tmp = (prefix: string) => mkdtemp(path.join(os.tmpdir(), prefix));
const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).map((f) => path.join(dir, f)) : []);
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Mallory', '-c', 'user.email=m@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });

/** A one-page PDF that says MARK: what the poisoned PDF cache serves instead of a policy. */
async function markPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(MARK, { x: 72, y: 700, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

describe('item 6: cache content a repository supplies is never used', () => {
  it('a fresh clone builds clean output although the repository commits a poisoned render cache, PDF cache and site', async () => {
    const repo = await portalRepo();
    // The attacker's own clone and build: every cache entry and the site, wherever this precept keeps them.
    const scratch = await tmp('precept-attacker-');
    git(os.tmpdir(), 'clone', '-q', repo.dir, scratch);
    const home = await tmp('precept-attacker-home-');
    const built = await runCli(['build', '--root', scratch], { cwd: scratch, env: { XDG_CACHE_HOME: home } });
    expect(built.code).toBe(0);
    const cacheRoot = [path.join(scratch, '.precept-cache'), ...files(path.join(home, 'precept')).filter((f) => f.split(path.sep).length === path.join(home, 'precept').split(path.sep).length + 1)]
      .find((dir) => existsSync(path.join(dir, 'build')))!;
    // Poison: script in every rendered body and page, the marker in every cached PDF.
    const json = files(path.join(cacheRoot, 'build')).filter((f) => f.endsWith('.json'));
    expect(json.length).toBeGreaterThan(0);
    for (const f of json) writeFileSync(f, readFileSync(f, 'utf8').replace(/<p>/g, `<p><script>${MARK}()</script>`));
    const pdfs = files(path.join(cacheRoot, 'pdf')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    const fake = await markPdf();
    for (const f of pdfs) writeFileSync(f, fake);
    const pages = files(path.join(scratch, 'dist', 'site')).filter((f) => f.endsWith('.html'));
    for (const f of pages) writeFileSync(f, readFileSync(f, 'utf8').replace('</body>', `<script>${MARK}()</script></body>`));
    // Committed where this precept would look in a fresh clone: .precept-cache/ and dist/ in the checkout.
    if (cacheRoot !== path.join(scratch, '.precept-cache')) await cp(cacheRoot, path.join(scratch, '.precept-cache'), { recursive: true });
    git(scratch, 'add', '-f', '.precept-cache', 'dist');
    git(scratch, 'commit', '-q', '-m', 'Speed up builds');

    const clone = await tmp('precept-victim-');
    git(os.tmpdir(), 'clone', '-q', scratch, clone);
    expect(existsSync(path.join(clone, '.precept-cache', 'build'))).toBe(true);
    const victim = await runCli(['build', '--root', clone], { cwd: clone, env: { XDG_CACHE_HOME: await tmp('precept-victim-home-') } });
    expect(victim.code).toBe(0);
    const out = files(path.join(clone, 'dist'));
    expect(out.filter((f) => f.endsWith('.html') && readFileSync(f, 'utf8').includes(MARK))).toEqual([]);
    const outPdfs = out.filter((f) => f.endsWith('.pdf'));
    expect(outPdfs.length).toBeGreaterThan(0);
    expect(outPdfs.filter((f) => pdfText(f).includes(MARK))).toEqual([]);

    // Pointing the cache at the committed folder on purpose does not make its entries trusted.
    const chosen = await runCli(['build', '--no-pdf', '--root', clone, '--out', await tmp('precept-victim-out-'), '--cache-dir', path.join(clone, '.precept-cache')], { cwd: clone });
    expect(chosen.stderr).toMatch(/warning: not using the cache in .*\.precept-cache: git tracks files in it \(\.precept-cache\/.*\), and a repository never supplies cache entries; rendering everything/);
    expect(files(path.join(clone, 'dist', 'site')).some((f) => f.endsWith('.html') && readFileSync(f, 'utf8').includes(MARK))).toBe(false);
  });

  it('the default cache lives outside the checkout, per repository, and CI can choose it', async () => {
    const repo = await portalRepo();
    const home = await tmp('precept-home-');
    const first = await runCli(['build', '--no-pdf', '--root', repo.dir], { cwd: repo.dir, env: { XDG_CACHE_HOME: home } });
    expect(first.code).toBe(0);
    expect(existsSync(path.join(repo.dir, '.precept-cache'))).toBe(false);
    const [folder] = readdirSync(path.join(home, 'precept'));
    expect(folder).toMatch(/^precept-portal-\w+-[0-9a-f]{16}$/);
    const again = await runCli(['build', '--no-pdf', '--verbose', '--root', repo.dir], { cwd: repo.dir, env: { XDG_CACHE_HOME: home } });
    expect(again.stdout).toContain('rendered: 0 bodies, 0 redlines');
    // $PRECEPT_CACHE_DIR (what the GitHub action sets, and restores with actions/cache) wins over the default.
    const ci = await tmp('precept-ci-cache-');
    await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', await tmp('precept-ci-out-')], { cwd: repo.dir, env: { XDG_CACHE_HOME: home, PRECEPT_CACHE_DIR: ci } });
    expect(readdirSync(ci)).toEqual(['build']);
  });
});
