/**
 * The portal's acknowledgement button in headless Chromium: pages rendered from the theme's
 * partials (site/partials/ack.hbs, ack-share.hbs) with site/assets/me.js, served by
 * `precept serve`, and the same page on a static host, where the button stays hidden.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ackShares } from '../src/records/acks/shares.js';
import { loadAckModel } from '../src/records/acks/model.js';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import { loadProject } from '../src/repo/load/load-project.js';
import { Theme } from '../src/render/theme/theme.js';
import { ackOrg } from './helpers/ack-org.js';
import type { TestRepo } from './helpers/git-repo.js';
import { PROJECT_ROOT } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { startServe, type ServeRun } from './helpers/serve.js';

const now = new Date('2026-11-25T12:00:00Z');
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">`;

let repo: TestRepo;
let out: string;
let browser: Browser;
let server: ServeRun;

/** Writes the test's pages through the real theme: a page template of our own over precept's partials. */
async function buildPages(): Promise<void> {
  const overlay = mkdtempSync(path.join(os.tmpdir(), 'precept-theme-'));
  writeFileSync(path.join(overlay, 'policy.hbs'), `<!doctype html><html lang="en"><head><meta charset="utf-8">${CSP}<title>{{title}}</title></head>
<body><h1>{{title}} {{version}}</h1>{{> ack policy=policy version=version base=base}}<script src="{{base}}assets/me.js" defer></script></body></html>`);
  writeFileSync(path.join(overlay, 'home.hbs'), `<!doctype html><html lang="en"><head><meta charset="utf-8">${CSP}<title>Portal</title></head>
<body><h1>Portal</h1>{{> ack-share shares base="./"}}</body></html>`);
  const theme = await Theme.load(overlay);
  const site = path.join(out, 'site');
  const page = async (rel: string, data: object) => {
    mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
    writeFileSync(path.join(site, rel), await theme.render(rel.endsWith('/index.html') && rel !== 'index.html' ? 'policy.hbs' : 'home.hbs', data));
  };
  await page('policies/alpha/index.html', { title: 'Alpha Policy', policy: 'alpha', version: '2.0.0', base: '../../' });
  await page('policies/alpha/v/1.1.0/index.html', { title: 'Alpha Policy', policy: 'alpha', version: '1.1.0', base: '../../../../' });
  const { project } = await loadProject(repo.dir);
  await page('index.html', { shares: ackShares(await loadAckModel(project), '2026-11-25') });
  mkdirSync(path.join(site, 'assets'), { recursive: true });
  copyFileSync(path.join(PROJECT_ROOT, 'site', 'assets', 'me.js'), path.join(site, 'assets', 'me.js'));
}

beforeAll(async () => {
  repo = await ackOrg();
  await runCli(['ack', 'alpha', '--as', 'bob', '--at', '2026-07-10', '--root', repo.dir], { now });
  out = mkdtempSync(path.join(os.tmpdir(), 'precept-portal-'));
  await buildPages();
  browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
  server = await startServe(['--root', repo.dir, '--out', out, '--dev-user', 'eve'], { now });
});

afterAll(async () => {
  await browser?.close();
  if (server) expect(await server.stop()).toBe(0);
});

describe('the acknowledgement button', () => {
  it('shows the signed-in person their status, records the press, and shows the result', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(`${server.url}policies/alpha/`);
    await page.waitForSelector('[data-ack][data-ack-state="ready"]:not([hidden]) [data-ack-button]:not([hidden])');
    expect(await page.$eval('[data-ack-status]', (e) => e.textContent)).toBe('Signed in as Eve Engineer. Your acknowledgement is overdue: it was due on 31 Jul 2026.');
    expect(await page.$eval('[data-ack-button]', (e) => e.textContent)).toBe('I have read and accept version 2.0.0');
    await page.click('[data-ack-button]');
    await page.waitForFunction("document.querySelector('[data-ack-result]').textContent.startsWith('Recorded')");
    expect(await page.$eval('[data-ack-result]', (e) => e.textContent)).toBe('Recorded: you accepted version 2.0.0 on 25 Nov 2026.');
    expect(await page.$eval('[data-ack-status]', (e) => e.textContent)).toBe('Signed in as Eve Engineer. You acknowledged version 2.0.0 on 25 Nov 2026.');
    expect(await page.$eval('[data-ack-button]', (e) => e.hasAttribute('hidden'))).toBe(true);
    const ledger = parseLedger('x', readFileSync(path.join(repo.dir, 'records', 'acknowledgements.jsonl')), ACKS_LEDGER);
    expect(ledger.diagnostics).toEqual([]);
    expect(ledger.entries.map((e) => e.record).filter((r) => r.person === 'eve')).toEqual([
      expect.objectContaining({ policy: 'alpha', version: '2.0.0', source: 'portal', identity: 'dev:eve', at: '2026-11-25T12:00:00Z' }),
    ]);
    // Reloading shows the acknowledgement and no button.
    await page.reload();
    await page.waitForSelector('[data-ack]:not([hidden])');
    expect(await page.$eval('[data-ack-status]', (e) => e.textContent)).toBe('Signed in as Eve Engineer. You acknowledged version 2.0.0 on 25 Nov 2026.');
    expect(await page.$eval('[data-ack-button]', (e) => e.hasAttribute('hidden'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers no button on a superseded version\'s page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}policies/alpha/v/1.1.0/`);
    await page.waitForSelector('[data-ack]:not([hidden])');
    expect(await page.$eval('[data-ack-status]', (e) => e.textContent)).toBe('Signed in as Eve Engineer. This is not a version you can acknowledge: the version in force is 2.0.0.');
    expect(await page.$eval('[data-ack-button]', (e) => e.hasAttribute('hidden'))).toBe(true);
    await page.close();
  });

  it('stays hidden when the site is served statically (no /api/me)', async () => {
    const site = path.join(out, 'site');
    const asked: string[] = [];
    const files: Server = createServer((req, res) => {
      asked.push(req.url ?? '');
      const rel = (req.url ?? '/').replace(/\/$/, '/index.html');
      let body: Buffer;
      try {
        body = readFileSync(path.join(site, rel));
      } catch {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': rel.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(files.address() as AddressInfo).port}/policies/alpha/`);
      await page.waitForSelector('[data-ack][data-ack-state="unavailable"]');
      expect(asked).toContain('/api/me');
      expect(await page.$eval('[data-ack]', (e) => e.hasAttribute('hidden'))).toBe(true);
      expect(await page.$eval('[data-ack]', (e) => e.getClientRects().length === 0)).toBe(true);
      await page.close();
    } finally {
      files.closeAllConnections();
      await new Promise((resolve) => files.close(resolve));
    }
  });
});

describe('the home page share bars', () => {
  it('shows each policy in force with a meter of who has acknowledged it', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const rows = await page.$$eval('.ack-share tbody tr', (trs) => trs.map((tr) => {
      const meter = tr.querySelector('meter')!;
      return [tr.querySelector('th a')!.getAttribute('href'), tr.querySelector('th')!.textContent!.replace(/\s+/g, ' ').trim(), tr.querySelector('.ack-share-count')!.textContent!.trim(), meter.value, meter.max, tr.querySelector('.ack-share-percent')!.textContent];
    }));
    expect(rows).toEqual([
      ['./policies/alpha/index.html', 'Alpha Policy 2.0.0', '1 of 4 (3 overdue)', 1, 4, '25%'],
      ['./policies/beta/index.html', 'Beta Policy 1.0.0', '0 of 1 (1 overdue)', 0, 1, '0%'],
    ]);
    expect(await page.$eval('.ack-share-asof', (e) => e.textContent)).toBe('Share of the people required who have acknowledged the version in force, as of 25 Nov 2026.');
    await page.close();
  });
});
