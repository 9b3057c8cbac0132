/**
 * My policies in a real browser (issue 17, item 1): under `precept serve`, the header's count,
 * the banner at the top of a policy page the person owes (with the acknowledge action) and the
 * My policies page, before and after acknowledging, through the banner and through the box at
 * the end of the page; on a static host, none of it.
 */
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { BuildStatus } from '../src/server/dev/build-status.js';
import { ReloadHub } from '../src/server/dev/live-reload.js';
import { startServer, type DevServer } from '../src/server/dev/server.js';
import type { TestRepo } from './helpers/git-repo.js';
import { portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';
import { startServe, type ServeRun } from './helpers/serve.js';

let repo: TestRepo;
let serve: ServeRun;
let staticServer: DevServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  repo = await portalRepo();
  const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
  expect(run.code, run.stderr).toBe(0);
  // Cy Reader owes both policies on this day: encryption overdue; access control's 2.0.0 took effect on
  // 1 June, when its approval was committed (docs/timeline.md, rule 6), so it is due by 1 July.
  serve = await startServe(['--root', repo.dir, '--out', path.join(repo.dir, 'dist'), '--dev-user', 'cy'], { now: new Date('2026-06-03T08:00:00Z') });
  staticServer = await startServer(path.join(repo.dir, 'dist', 'site'), 0, new ReloadHub(), new BuildStatus());
  browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/api/me')) errors.push(`${r.status()} ${r.url()}`); });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await staticServer?.close();
  if (serve) expect(await serve.stop()).toBe(0);
});

const text = (selector: string) => page.$eval(selector, (e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());
const visible = (selector: string) => page.$eval(selector, (e) => e.ownerDocument.defaultView!.getComputedStyle(e).display !== 'none');
const hidden = (p: Page, selector: string) => p.$eval(selector, (e) => e.hasAttribute('hidden'));
const count = () => page.waitForSelector('#My-policies-link:not([hidden])').then(() => text('#My-policies-link .my-count'));
const rows = () => page.$$eval('[data-my-rows] tr', (trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));

async function myPolicies(): Promise<string[][]> {
  await page.goto(`${serve.url}my/index.html`);
  await page.waitForSelector('#My[data-my-state="ready"]');
  return rows();
}

describe('under precept serve', () => {
  it('counts what the person owes in the header of every page and lists it on My policies', async () => {
    for (const p of ['', 'controls/index.html', 'policies/encryption/v/1.0.0/index.html']) {
      await page.goto(`${serve.url}${p}`);
      expect([p, await count()]).toEqual([p, '2']);
    }
    expect(await page.$eval('#My-policies-link', (a) => a.getAttribute('aria-label'))).toBe('My policies: 2 to accept, 1 overdue');
    expect(await myPolicies()).toEqual([
      ['Encryption Policy', '1.0.1', '3 Mar 2026', 'Overdue'],
      ['Access Control Policy', '2.0.0', '1 Jul 2026', 'Due'],
    ]);
    expect(await text('[data-my-status]')).toBe('Signed in as Cy Reader. As of 3 Jun 2026:');
    await Promise.all([page.waitForNavigation(), page.click('[data-my-rows] tr:nth-child(1) a')]);
    expect(await text('h1')).toBe('Encryption Policy');
  });

  it('opens a policy page the person owes on a banner with the acknowledge action, above the full text', async () => {
    await page.goto(`${serve.url}policies/encryption/index.html`);
    await page.waitForSelector('#Owed:not([hidden])');
    expect(await text('[data-owed-status]')).toBe('Your acceptance of version 1.0.1 is overdue: it was due on 3 Mar 2026.');
    const [banner, title, body] = await Promise.all(['#Owed', 'article h1', '#Main-text'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().top)));
    expect(banner!).toBeLessThan(title!);
    // The full text is there to read before accepting: the banner's link leads to it.
    await page.click('.owed-read');
    expect(await page.evaluate('location.hash')).toBe('#Main-text');
    expect(body!).toBeGreaterThan(banner!);
    await page.click('[data-owed-button]');
    await page.waitForFunction("document.querySelector('[data-owed-result]').textContent.startsWith('Recorded')");
    expect(await text('[data-owed-result]')).toBe('Recorded: you accepted version 1.0.1 on 3 Jun 2026.');
    expect(await visible('[data-owed-button]')).toBe(false);
    await page.waitForFunction("document.querySelector('#My-policies-link .my-count').textContent === '1'");
    // The box at the end of the page says so too.
    await page.waitForFunction("document.querySelector('[data-ack-status]').textContent.includes('You acknowledged version 1.0.1 on 3 Jun 2026.')");
    // On the next visit the page asks nothing.
    await page.reload();
    await page.waitForSelector('#Owed[data-owed-state="none"]');
    expect(await visible('#Owed')).toBe(false);
    expect(await myPolicies()).toEqual([['Access Control Policy', '2.0.0', '1 Jul 2026', 'Due']]);
  });

  it('follows an acknowledgement made in the box at the end of the page', async () => {
    // One client of the API per page: the header, banner and box come from one GET /api/me, and
    // an acknowledgement is one POST followed by one GET.
    const asked: string[] = [];
    const onRequest = (r: { url(): string; method(): string }) => { if (r.url().includes('/api/')) asked.push(`${r.method()} ${new URL(r.url()).pathname}`); };
    page.on('request', onRequest);
    await page.goto(`${serve.url}policies/access-control/index.html`);
    await page.waitForSelector('#Owed:not([hidden])');
    await page.waitForSelector('[data-ack][data-ack-state="ready"] [data-ack-button]:not([hidden])');
    expect(asked).toEqual(['GET /api/me']);
    await page.click('[data-ack-button]');
    await page.waitForSelector('#Owed[data-owed-state="none"]');
    page.off('request', onRequest);
    expect(asked).toEqual(['GET /api/me', 'POST /api/ack', 'GET /api/me']);
    expect(await visible('#Owed')).toBe(false);
    expect(await hidden(page, '#My-policies-link .my-count')).toBe(true);
    expect(await myPolicies()).toEqual([]);
    expect(await text('[data-my-status]')).toBe('Signed in as Cy Reader. As of 3 Jun 2026: Nothing to accept: you are up to date.');
    expect(errors).toEqual([]);
  });
});

describe('on a static host', () => {
  it('shows no count, no banner and no list', async () => {
    const p = await browser.newPage();
    try {
      await p.goto(new URL('policies/access-control/index.html', staticServer.url).href);
      await p.waitForSelector('[data-ack][data-ack-state="unavailable"]');
      expect(await hidden(p, '#My-policies-link')).toBe(true);
      expect(await hidden(p, '#Owed')).toBe(true);
      await p.goto(new URL('my/index.html', staticServer.url).href);
      expect(await p.$eval('[data-my-status]', (e) => e.textContent)).toBe("This page lists the policies you are asked to accept when you open the portal through your organisation's sign-in.");
      expect(await hidden(p, '[data-my-owed]')).toBe(true);
    } finally {
      await p.close();
    }
  });
});
