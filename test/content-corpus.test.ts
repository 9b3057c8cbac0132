/**
 * The policy content corpus (test/fixtures/content/): every case is copied into one repo under
 * policies/<case>/, checked and built; each case's expect.yaml says what check reports on its
 * files and what its policy page shows in a real browser. Then every href and src of the built
 * site must lead somewhere.
 */
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
import { runCli } from './helpers/run-cli.js';
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
    const build = await runCli(['build', '--no-pdf', '--root', repo.dir], { now: new Date('2026-03-02T10:00:00Z') });
    // The cases that check refuses are built with their errors ignored, to show what a reader would see.
    if (build.code !== 0) expect(build.stderr).toMatch(/check found/);
    site = path.join(repo.dir, 'dist', 'site');
    browser = await launchBrowser(findBrowser(process.env), { runningAsRoot: process.getuid?.() === 0 });
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const name of CASES) {
    it(name, async () => {
      const want = expectation(name);
      const mine = diagnostics
        .filter((d) => d.file.startsWith(`policies/${name}/`))
        .map((d) => `${d.line}:${d.column} ${d.severity} ${d.ruleId}`);
      expect(mine, diagnostics.filter((d) => d.file.startsWith(`policies/${name}/`)).map((d) => d.message).join('\n')).toEqual(want.check ?? []);
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
