/**
 * A Japanese policy changed across two commits, as a person sees it: the portal's version page
 * and `precept review` (its Markdown report and its HTML redline page), in a real browser. The
 * policy is precept's own Japanese starter (アクセス管理規程, written for real use, not for this
 * test): a one-phrase change shows as a one-phrase redline, numbered lists keep their numbers,
 * tables stay tables, a heading's formatting alone is PATCH, and advice made mandatory
 * (要求すること → 要求しなければならない) is MAJOR with its reason, all in Japanese.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { BuildStatus } from '../src/server/dev/build-status.js';
import { ReloadHub } from '../src/server/dev/live-reload.js';
import { startServer, type DevServer } from '../src/server/dev/server.js';
import { TestRepo } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';

const POLICY = 'policies/access-control.md';

/** The second version: each edit replaces text the starter has (a missing one fails here, not later). */
const EDITS: [string, string][] = [
  ['version: 1.0.0', 'version: 2.0.0'],
  // Advice made mandatory (the example).
  ['2. すべてのサインインに多要素認証を要求すること。', '2. すべてのサインインに多要素認証を要求しなければならない。'],
  // A number.
  ['4. パスワードは12文字以上とし', '4. パスワードは14文字以上とし'],
  // A table cell.
  ['| 本番データベース | SRE リード | 四半期ごと |', '| 本番データベース | SRE リード | 毎月 |'],
  // A heading's formatting only.
  ['### 4.5 特権アクセス', '### 4.5 **特権アクセス**'],
  // A new item in a numbered list: the items after it are renumbered in the source.
  ['2. レビューで判明した不要な権限は、5営業日以内に削除しなければならない。\n3. 90日以上',
    '2. 退職者のアカウントが残っていないことを、毎月人事情報と照合して確認しなければならない。\n3. レビューで判明した不要な権限は、5営業日以内に削除しなければならない。\n4. 90日以上'],
  // Plain wording, inside a sentence.
  ['2. 来訪者は受付で記帳し、', '2. 来訪者は受付で記帳して入館証を着用し、'],
];

describe('a Japanese policy changed across two commits', () => {
  let repo: TestRepo;
  let base: string;
  let server: DevServer;
  let browser: Browser;
  let page: Page;
  let redlines: string;
  let review: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    repo = await TestRepo.create('precept-ja-redline-');
    const init = await runCli(['init', repo.dir, '--locale', 'ja', '--org', '株式会社サンプル']);
    expect(init.code, init.stderr).toBe(0);
    base = repo.commit('規程集の初版', '2026-01-10T10:00:00Z');
    const file = path.join(repo.dir, POLICY);
    let text = await readFile(file, 'utf8');
    for (const [from, to] of EDITS) {
      expect(text, from).toContain(from);
      text = text.replace(from, to);
    }
    await repo.write({ [POLICY]: text });
    repo.commit('アクセス管理規程：多要素認証を必須に、本番DBのレビューを毎月に', '2026-03-01T10:00:00Z');

    const build = await runCli(['build', '--no-pdf', '--root', repo.dir, '--as-of', '2026-03-02']);
    expect(build.code, build.stderr).toBe(0);
    redlines = await mkdtemp(path.join(os.tmpdir(), 'precept-ja-redlines-'));
    review = await runCli(['review', '--base', base, '--root', repo.dir, '--as-of', '2026-03-02', '--html', redlines], { cwd: repo.dir });
    server = await startServer(path.join(repo.dir, 'dist', 'site'), 0, new ReloadHub(), new BuildStatus());
    browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(repo.dir, { recursive: true, force: true });
    if (redlines) await rm(redlines, { recursive: true, force: true });
  });

  /** What a sighted reader sees: the text without the words said only to screen readers. */
  const seen = (selector: string) => page.$$eval(selector, (list) => list.map((e) => {
    const copy = e.cloneNode(true) as typeof e;
    copy.querySelectorAll('.rl-sr').forEach((s: { remove(): void }) => s.remove());
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  }));
  /** What a screen reader reads out. */
  const heard = (selector: string) => page.$$eval(selector, (list) => list.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
  /** Table rows as a reader sees them, each cell's deletions marked - and insertions +. */
  const rows = (selector: string) => page.$$eval(`${selector} tr`, (trs) => trs.map((tr) => [...tr.children].map((cell) => {
    const copy = cell.cloneNode(true) as typeof cell;
    copy.querySelectorAll('.rl-sr').forEach((s: { remove(): void }) => s.remove());
    return [...copy.childNodes].map((n) => (n.nodeName === 'DEL' ? `-${n.textContent}` : n.nodeName === 'INS' ? `+${n.textContent}` : n.textContent)).join('');
  }).join(' | ')));
  /** The list numbers Chromium shows and tells screen readers, in order, in the list holding `text`. */
  const markers = async (text: string) => {
    const out: string[] = [];
    const walk = (n: { role: string; name?: string; children?: unknown[] }) => {
      if (n.role === 'ListMarker') out.push((n.name ?? '').trim());
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    const list = await page.waitForSelector(`::-p-xpath(//div[@class="redline"]//ol[li[contains(., ${JSON.stringify(text)})]])`);
    walk((await page.accessibility.snapshot({ interestingOnly: false, root: list! }))!);
    return out;
  };
  type Styled = { getComputedStyle(e: unknown): { wordBreak: string } };

  it('the portal’s version page marks only the changed phrases, keeps list numbers and tables, and says what changed in Japanese', async () => {
    await page.goto(new URL('policies/access-control/v/2.0.0/index.html', server.url).href);
    expect(await page.$eval('html', (e) => e.getAttribute('lang'))).toBe('ja');
    expect(await seen('.redline del')).toEqual(['四半期ごと', 'すること', '12']);
    expect(await seen('.redline ins')).toEqual(['毎月', 'しなければならない', '14', '退職者のアカウントが残っていないことを、毎月人事情報と照合して確認しなければならない。', 'て入館証を着用し']);
    // The changed phrase alone, in its sentence; a screen reader hears the change in Japanese.
    expect(await seen('.redline li.rl-changed')).toEqual([
      'すべてのサインインに多要素認証を要求することしなければならない。管理者権限を持つアカウントには、フィッシング耐性のある認証方式（FIDO2/WebAuthn に対応したセキュリティキーまたはパスキー）を用いなければならない。',
      'パスワードは1214文字以上とし、他のサービスと使い回してはならない。パスワードは会社が指定するパスワード管理ツールに保管すること。',
      '来訪者は受付で記帳して入館証を着用し、執務エリアでは従業者が同行すること。',
    ]);
    expect((await heard('.redline li.rl-changed'))[0]).toMatch(/^すべてのサインインに多要素認証を要求［削除：すること］［挿入：しなければならない］。管理者権限/);
    // A table stays a table, its changed cell marked alone.
    expect((await rows('.redline .rl-table')).filter((r) => r.includes('本番データベース'))).toEqual(['本番データベース | SRE リード | -四半期ごと+毎月']);
    expect(await page.$$eval('.redline .rl-table thead th', (ths) => ths.map((th) => th.textContent))).toEqual(['システム', 'システム管理責任者', 'アクセス権限のレビュー']);
    // Formatting only, said in words.
    expect(await seen('.redline .rl-note')).toEqual(['書式のみの変更：強調']);
    // Section 4.6's list: the new item is 2, the ones after it 3 and 4, as in the new version.
    const review = await page.$$eval('.redline li', (lis) => lis.filter((li) => /90日以上|退職者のアカウントが残って|レビューで判明/.test(li.textContent ?? ''))
      .map((li) => `${li.getAttribute('value')}:${li.className}`));
    expect(review).toEqual(['2:rl-block rl-li rl-ins', '3:rl-block rl-li', '4:rl-block rl-li']);
    expect(await markers('退職者のアカウントが残って')).toEqual(['1.', '2.', '3.', '4.']);
    // Lines break between phrases, in the shipped Japanese font.
    expect(await page.$eval('.redline .rl-block', (e) => (globalThis as unknown as Styled).getComputedStyle(e).wordBreak)).toBe('auto-phrase');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { fonts: { check(f: string, t: string): boolean } } }).document.fonts.check('16px "Noto Sans JP"', '毎月'))).toBe(true);
  });

  it('review classifies advice made mandatory as MAJOR and a heading’s formatting as PATCH, with its reasons in Japanese', async () => {
    expect(review.code, review.stderr).toBe(0);
    const lines = review.stdout.split('\n');
    expect(lines[0]).toBe('## 規程のレビュー');
    expect(lines).toContain('| アクセス管理規程（`access-control`） | 変更 | 1.0.0 → 2.0.0 (MAJOR) | MAJOR | ✅ |');
    const why = lines.slice(lines.indexOf('理由：') + 2, lines.indexOf('', lines.indexOf('理由：') + 2));
    expect(why).toEqual([
      '- **MAJOR** 期間・頻度の変更：「四半期ごと」 → 「毎月」（「3. 役割と責任」）',
      '- **MAJOR** 義務・推奨・許可の表現の変更：「すること」 → 「しなければならない」（「4.2 認証」）',
      '- **MAJOR** 数値の変更：「12」 → 「14」（「4.2 認証」）',
      '- **MAJOR** 要求事項の追加（「4.6 アクセス権限のレビュー」）：「退職者のアカウントが残っていないことを、毎月人事情報と照合して確認しなければならない。」',
      '- **MINOR** 文言の変更（「4.8 物理的アクセス」）：「来訪者は受付で記帳して入館証を着用し、執務エリアでは従業者が同行すること。」',
      '- **PATCH** 書式のみの変更（強調）：「4.5 特権アクセス」',
    ]);
    expect(lines.find((l) => l.startsWith('- すべてのサインイン'))).toMatch(/^- すべてのサインインに多要素認証を要求<del>すること<\/del><ins>しなければならない<\/ins>。管理者権限/);

    // The HTML redline page, opened as a reviewer opens it.
    await page.goto(pathToFileURL(path.join(redlines, 'access-control.html')).href);
    expect(await page.$eval('html', (e) => e.getAttribute('lang'))).toBe('ja');
    // Drawn with the Japanese font the page carries, whatever fonts the machine has.
    const loaded = await page.evaluate(async () => {
      const fonts = (globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown> } } }).document.fonts;
      await fonts.ready;
      return [...new Set([...fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')))].sort();
    });
    expect(loaded).toContain('Noto Sans JP');
    expect(await seen('h2')).toEqual(['MAJOR の理由', 'フロントマター', '本文']);
    expect(await seen('main del')).toEqual(['四半期ごと', 'すること', '12']);
    expect(await seen('main ins')).toEqual(['毎月', 'しなければならない', '14', '退職者のアカウントが残っていないことを、毎月人事情報と照合して確認しなければならない。', 'て入館証を着用し']);
    expect((await seen('ul li')).slice(0, 2)).toEqual([
      'MAJOR 期間・頻度の変更：「四半期ごと」 → 「毎月」（「3. 役割と責任」）',
      'MAJOR 義務・推奨・許可の表現の変更：「すること」 → 「しなければならない」（「4.2 認証」）',
    ]);
  });
});
