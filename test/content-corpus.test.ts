/**
 * The policy content corpus (test/fixtures/content/): every case is copied into one repo under
 * policies/<case>/, checked and built; each case's expect.yaml says what check reports on its
 * files and what its policy page shows in a real browser. Then every href and src of the built
 * site must lead somewhere.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from '../src/check/check.js';
import type { Diagnostic } from '../src/core/diagnostics/diagnostic.js';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { TestRepo } from './helpers/git-repo.js';
import { FIXTURES } from './helpers/paths.js';
import { RULES } from '../src/check/rules/registry.js';
import { build } from '../src/render/build/build.js';
import { deadReferences } from './helpers/site-links.js';

const CORPUS = path.join(FIXTURES, 'content');
const CASES = readdirSync(path.join(CORPUS, 'cases')).sort();

/** What a case expects of its policy page: one selector and what its matches show. */
interface PageExpectation {
  select: string;
  count?: number;
  texts?: string[];
  contains?: string;
  attr?: string;
  matches?: string;
}
interface CaseExpectation {
  check: string[];
  page?: PageExpectation[];
}

const expectation = (name: string) => parse(readFileSync(path.join(CORPUS, 'cases', name, 'expect.yaml'), 'utf8')) as CaseExpectation;

describe('the policy content corpus', () => {
  let repo: TestRepo;
  let diagnostics: Diagnostic[];
  let site: string;
  let pdfs: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    repo = await TestRepo.create('precept-content-');
    cpSync(path.join(CORPUS, 'org'), repo.dir, { recursive: true });
    for (const name of CASES) {
      cpSync(path.join(CORPUS, 'cases', name), path.join(repo.dir, 'policies', name), { recursive: true, filter: (src) => path.basename(src) !== 'expect.yaml' });
    }
    repo.commit('corpus', '2026-03-01T10:00:00Z');
    diagnostics = (await check(repo.dir, { asOf: '2026-03-02' })).diagnostics;
    // Built without the rules that report errors: some cases carry errors on purpose, and the
    // site must be safe and whole without check (past versions are never checked).
    const built = await build({
      root: repo.dir, outDir: path.join(repo.dir, 'dist'), env: process.env, now: () => new Date('2026-03-02T10:00:00Z'),
      runningAsRoot: process.getuid?.() === 0, rules: RULES.filter((r) => r.severity !== 'error'),
    });
    expect(built.built, built.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n')).toBe(true);
    site = path.join(repo.dir, 'dist', 'site');
    pdfs = path.join(repo.dir, 'dist', 'pdf');
    browser = await launchBrowser(findBrowser(process.env), { runningAsRoot: process.getuid?.() === 0 });
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('built a site where every href and src leads somewhere (but for the cases check refuses)', async () => {
    const refused = new Set(CASES.filter((name) => expectation(name).check?.some((c) => c.includes(' error '))));
    const { dead, checked } = await deadReferences(site);
    expect(checked).toBeGreaterThan(100);
    expect(dead.filter((d) => !refused.has(d.page.split('/')[1]!))).toEqual([]);
  });

  it('embeds the images in the policy PDFs', () => {
    const images = execFileSync('pdfimages', ['-list', path.join(pdfs, 'images-v0.1.0.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    // network.png twice (Markdown and raw HTML), flow (final).png, the data: image; the SVG prints as vectors.
    expect(images.map((l) => l.trim().split(/\s+/).slice(3, 5).join('x'))).toEqual(expect.arrayContaining(['120x60', '80x40', '16x8']));
    const text = execFileSync('pdftotext', [path.join(pdfs, 'attachment-v0.1.0.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('access-request.pdf (application/pdf, 1 KB)');
  });

  for (const name of CASES) {
    it(name, async () => {
      const want = expectation(name);
      // "line:column severity rule", optionally "~ text" the message contains.
      const mine = diagnostics.filter((d) => d.file.startsWith(`policies/${name}/`));
      const wanted = (want.check ?? []).map((w) => w.split(' ~ '));
      expect(mine.map((d) => `${d.line}:${d.column} ${d.severity} ${d.ruleId}`), mine.map((d) => d.message).join('\n')).toEqual(wanted.map(([head]) => head));
      wanted.forEach(([, text], i) => text && expect(`${mine[i]!.message} (${mine[i]!.hint ?? ""})`).toContain(text));
      if (!want.page) return;
      await page.goto(pathToFileURL(path.join(site, 'policies', name, 'index.html')).href);
      for (const w of want.page) {
        const found = await page.$$eval(w.select, (els, attr) => els.map((e) => ({
          text: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
          attr: attr ? e.getAttribute(attr) : null,
        })), w.attr ?? null);
        if (w.count !== undefined) expect(found.length, w.select).toBe(w.count);
        if (w.texts) expect(found.map((f) => f.text), w.select).toEqual(w.texts);
        if (w.contains !== undefined) expect(found[0]?.text, w.select).toContain(w.contains);
        if (w.attr && w.matches) for (const f of found) expect(f.attr, `${w.select} ${w.attr}`).toMatch(new RegExp(w.matches));
      }
      // Nothing on the page sent the reader elsewhere.
      expect(page.url()).toBe(pathToFileURL(path.join(site, 'policies', name, 'index.html')).href);
    });
  }
});
