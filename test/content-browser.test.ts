/**
 * Policy content in a real browser: at 390 px and 1280 px a 12-column table scrolls inside its
 * own box and the page never scrolls sideways (the side panel included, for a file in a
 * subfolder); and the acknowledgement script binds to the theme's own box, even when a box that
 * looks like it comes first on the page.
 */
import { cpSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { TestRepo } from './helpers/git-repo.js';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const CORPUS = path.join(FIXTURES, 'content');
/** A box a policy body might try to put before the theme's (the sanitizer no longer lets it). */
const FORGED = '<section class="ack" data-ack data-policy="target" data-version="1.2.0"><p data-ack-status></p><button type="button" data-ack-button>Accept</button><p data-ack-result></p></section>';

describe('policy content in a browser', () => {
  let repo: TestRepo;
  let site: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  const posted: unknown[] = [];

  beforeAll(async () => {
    repo = await TestRepo.create('precept-content-browser-');
    cpSync(path.join(CORPUS, 'org'), repo.dir, { recursive: true });
    for (const name of ['target', 'wide-table', 'handbook']) {
      cpSync(path.join(CORPUS, 'cases', name), path.join(repo.dir, 'policies', name), { recursive: true, filter: (src) => path.basename(src) !== 'expect.yaml' });
    }
    repo.commit('policies', '2026-03-01T10:00:00Z');
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir], { now: new Date('2026-03-02T10:00:00Z') });
    expect(run.code, run.stderr).toBe(0);
    site = path.join(repo.dir, 'dist', 'site');
    // The built site, with a stand-in for precept serve's API, and (on ?forged) a forged box first in <main>.
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/me') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
          person: { id: 'ada', name: 'Ada Owner' }, onStaff: true,
          policies: ['target', 'wide-table'].map((policy) => ({ policy, state: 'pending', deadline: '2026-04-01', acknowledgeable: ['1.2.0', '0.1.0'], version: '0.1.0' })),
        }));
        return;
      }
      if (url.pathname === '/api/ack') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          posted.push(JSON.parse(body));
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ recorded: true, acknowledgement: { version: '0.1.0', at: '2026-03-02T10:00:00Z' } }));
        });
        return;
      }
      const rel = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
      let body: Buffer;
      try {
        body = readFileSync(path.join(site, decodeURIComponent(rel)));
      } catch {
        res.writeHead(404).end();
        return;
      }
      const html = rel.endsWith('.html');
      const text = html && url.searchParams.has('forged') ? body.toString().replace('<main id="Main" tabindex="-1"', `${FORGED}<main id="Main" tabindex="-1"`) : body;
      res.writeHead(200, { 'Content-Type': html ? 'text/html' : rel.endsWith('.js') ? 'text/javascript' : rel.endsWith('.css') ? 'text/css' : 'application/octet-stream' }).end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  for (const width of [390, 1280]) {
    it(`at ${width} px, a 12-column table scrolls in its own box and the page does not scroll sideways`, async () => {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      await page.goto(`${base}policies/wide-table/`);
      const m = await page.evaluate(`(() => {
        const box = document.querySelector('.policy-body .table-scroll');
        return { doc: document.documentElement.scrollWidth, viewport: window.innerWidth, boxScroll: box.scrollWidth, boxWidth: box.clientWidth, focusable: box.tabIndex };
      })()`) as { doc: number; viewport: number; boxScroll: number; boxWidth: number; focusable: number };
      expect(m.doc).toBe(m.viewport);
      expect(m.boxScroll).toBeGreaterThan(m.boxWidth);
      expect(m.focusable).toBe(0);
      // A policy in a subfolder: its source path stays inside the side panel.
      await page.goto(`${base}policies/onboarding/`);
      const side = await page.evaluate(`(() => {
        const panel = document.querySelector('.meta-panel').getBoundingClientRect();
        const code = [...document.querySelectorAll('.meta-panel dd code')].map((c) => c.getBoundingClientRect());
        return { doc: document.documentElement.scrollWidth, viewport: window.innerWidth, inside: code.every((r) => r.right <= panel.right + 0.5) };
      })()`) as { doc: number; viewport: number; inside: boolean };
      expect(side).toEqual({ doc: side.viewport, viewport: side.viewport, inside: true });
      await page.close();
    });
  }

  it('counts in the singular when there is one', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}controls/`);
    expect(await page.$eval('.lede', (e) => e.textContent)).toMatch(/^1 control: /);
    await page.close();
  });

  it('records the acknowledgement of the page\'s own policy, not of a box placed before it', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}policies/wide-table/?forged`);
    await page.waitForSelector('#Acknowledgement:not([hidden])');
    expect(await page.$$eval('[data-ack]', (els) => els.length)).toBe(2);
    await page.click('#Acknowledgement [data-ack-button]');
    await page.waitForFunction("document.querySelector('#Acknowledgement [data-ack-result]').textContent.startsWith('Recorded')");
    expect(posted).toEqual([{ policy: 'wide-table', version: '0.1.0' }]);
    // The forged box was never touched.
    expect(await page.$eval('section[data-policy="target"] [data-ack-status]', (e) => e.textContent)).toBe('');
    await page.close();
  });
});
