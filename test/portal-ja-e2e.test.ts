/**
 * A Japanese organisation's portal in a real browser (test/fixtures/ja: locale ja, two policies in
 * Japanese and an English translation of one): labels, dates and the page language are Japanese,
 * each policy links its translations, the shipped fonts load under the CSP, and search finds
 * Japanese words in the middle of a sentence (Pagefind's Japanese index) as well as English ones.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { BuildStatus } from '../src/server/dev/build-status.js';
import { ReloadHub } from '../src/server/dev/live-reload.js';
import { startServer, type DevServer } from '../src/server/dev/server.js';
import type { TestRepo } from './helpers/git-repo.js';
import { jaRepo } from './helpers/ja-repo.js';
import { runCli } from './helpers/run-cli.js';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('a Japanese portal in a browser', () => {
  let repo: TestRepo;
  let site: string;
  let server: DevServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    repo = await jaRepo();
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    site = path.join(repo.dir, 'dist', 'site');
    server = await startServer(site, 0, new ReloadHub(), new BuildStatus());
    browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
  const attr = (selector: string, name: string) => page.$eval(selector, (e, n) => e.getAttribute(n), name);
  const click = async (selector: string, text: string) => {
    const handle = await page.waitForSelector(`::-p-xpath(//${selector}[normalize-space(.)=${JSON.stringify(text)}])`);
    await Promise.all([page.waitForNavigation(), handle!.click()]);
  };

  it('writes the register in Japanese, with Japanese dates and the page language', async () => {
    await page.goto(server.url);
    expect(await attr('html', 'lang')).toBe('ja');
    expect(await texts('h1')).toEqual(['株式会社サクラデータ 規程集']);
    expect(await texts('.site-nav a')).toEqual(['規程', '管理策', 'フレームワーク', '検索']);
    expect(await texts('.register-table thead th')).toEqual(['規程', '責任者', '版', '状態', '施行日', '次回見直し', '対象者']);
    const rows = await page.$$eval('.register-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
    const row = rows.find((r) => r[0]!.startsWith('情報セキュリティ基本方針'))!;
    expect(row.slice(1, 6)).toEqual(['山田 太郎', '1.0.0', '承認済み', '2026年4月1日', '2027年3月15日']);
    // The English translation keeps its language where its title appears.
    expect(await attr('.register-table a[href="policies/information-security-en/index.html"]', 'lang')).toBe('en');
    expect((await texts('.lede'))[0]).toMatch(/^規程 3件（うち承認済み 3件）。/);
    expect((await texts('.lede'))[0]).toContain('見直し日は2026年4月1日時点のものです');
  });

  it('shows a policy with Japanese labels and links it to its English translation and back', async () => {
    await page.goto(server.url);
    await click('a', '情報セキュリティ基本方針');
    expect(await texts('h1')).toEqual(['情報セキュリティ基本方針']);
    expect(await texts('.meta-panel dt')).toEqual(expect.arrayContaining(['責任者', '承認者', '施行日', '見直し周期', '前回見直し', '次回見直し', '機密区分']));
    const facts = await page.$$eval('.meta-panel dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()])));
    expect(facts['責任者']).toBe('山田 太郎 (情報セキュリティ責任者)');
    expect(facts['施行日']).toBe('2026年4月1日');
    expect(facts['見直し周期']).toBe('毎年');
    expect(facts['機密区分']).toBe('社内');
    expect(await texts('.policy-body table th')).toEqual(['役割', '担当', '主な責任']);
    expect(await texts('.translations')).toEqual(['他の言語： English']);
    expect(await attr('.translations a', 'lang')).toBe('en');
    await click('a', 'English');
    expect(await texts('h1')).toEqual(['Information Security Policy']);
    // The portal's words stay Japanese; the policy's own text is marked as English.
    expect(await attr('html', 'lang')).toBe('ja');
    expect(await attr('h1', 'lang')).toBe('en');
    expect(await attr('.policy-body', 'lang')).toBe('en');
    expect(await texts('.translations')).toEqual(['他の言語： 日本語']);
    await click('a', '日本語');
    expect(await texts('h1')).toEqual(['情報セキュリティ基本方針']);
  });

  it('loads the shipped Japanese font from the site itself', async () => {
    await page.goto(new URL('policies/information-security/index.html', server.url).href);
    await page.evaluate('document.fonts.ready');
    const loaded = (await page.evaluate(`[...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''))`)) as string[];
    expect(loaded).toEqual(expect.arrayContaining(['Noto Sans JP']));
    expect(await page.evaluate(`document.fonts.check('16px "Noto Sans JP"', '懲戒処分')`)).toBe(true);
  });

  it('finds a Japanese word in the middle of a sentence, and English words in the translation', async () => {
    await page.goto(server.url);
    await page.type('#Site-search', '懲戒処分');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('#search-results li a');
    expect(await texts('#search-results h2')).toEqual(['情報セキュリティ基本方針']);
    expect(await texts('#search-status')).toEqual(['「懲戒処分」に一致する規程が1件あります。']);
    expect(await texts('#search-results mark')).toEqual(['懲戒処分']);
    expect(await texts('#search-results .search-excerpt')).toEqual([expect.stringContaining('就業規則に基づき懲戒処分の対象となる')]);

    await page.goto(new URL('search/index.html', server.url).href);
    expect(await texts('#search-status')).toEqual(['現行の規程を検索する語句を入力してください。']);
    await page.type('#search-q', '基本方針');
    await page.waitForSelector('#search-results h2');
    expect(await texts('#search-results h2')).toEqual(expect.arrayContaining(['情報セキュリティ基本方針']));

    await page.goto(new URL('search/index.html?q=disciplinary', server.url).href);
    await page.waitForSelector('#search-results h2');
    expect(await texts('#search-results h2')).toEqual(['Information Security Policy']);
    expect(await texts('#search-results mark')).toEqual(['disciplinary']);
  });

  it('has no serious or critical accessibility violations on the Japanese pages', async () => {
    const axePage = await browser.newPage();
    await axePage.setBypassCSP(true);
    try {
      const found: string[] = [];
      for (const rel of ['index.html', 'policies/information-security/index.html', 'policies/information-security-en/index.html', 'search/index.html']) {
        await axePage.goto(new URL(rel, server.url).href);
        await axePage.evaluate(axeSource);
        const violations = (await axePage.evaluate(`axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))`)) as { id: string; impact: string }[];
        for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${rel}: ${v.id}`);
      }
      expect(found).toEqual([]);
    } finally {
      await axePage.close();
    }
  });

  it('writes the review calendar in Japanese', async () => {
    const ics = (await readFile(path.join(site, 'reviews.ics'), 'utf8')).replace(/\r\n /g, '');
    expect(ics).toContain('X-WR-CALNAME:株式会社サクラデータ：規程の見直し');
    expect(ics).toContain('SUMMARY:規程の見直し期限：情報セキュリティ基本方針');
    expect(ics).toContain('DESCRIPTION:責任者：山田 太郎\\n版：1.0.0\\n見直し周期：毎年\\n前回見直し：2026年3月15日');
  });
});
