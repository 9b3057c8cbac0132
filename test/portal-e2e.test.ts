/**
 * The portal in a real browser: a repo with several version-bumping commits is built, served on
 * 127.0.0.1 and browsed: register -> policy -> old version (redline), who approved each text, the
 * acknowledgement bars, search, file:// links, print styles; then served by `precept serve`, where
 * a signed-in person presses "I have read and accept"; and axe-core finds no serious or critical
 * accessibility problem.
 */
import { BuildStatus } from '../src/server/dev/build-status.js';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { ReloadHub } from '../src/server/dev/live-reload.js';
import { startServer, type DevServer } from '../src/server/dev/server.js';
import type { TestRepo } from './helpers/git-repo.js';
import { portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';
import { startServe, type ServeRun } from './helpers/serve.js';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('the portal in a browser', () => {
  let repo: TestRepo;
  let site: string;
  let server: DevServer;
  let serve: ServeRun;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    repo = await portalRepo();
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    site = path.join(repo.dir, 'dist', 'site');
    server = await startServer(site, 0, new ReloadHub(), new BuildStatus());
    // The same site under precept serve, where Cy Reader is signed in (she owes both policies).
    serve = await startServe(['--root', repo.dir, '--out', path.join(repo.dir, 'dist'), '--dev-user', 'cy'], { now: new Date('2026-06-03T08:00:00Z') });
    browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (serve) expect(await serve.stop()).toBe(0);
  });

  const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
  const click = async (selector: string, text: string) => {
    const handle = await page.waitForSelector(`::-p-xpath(//${selector}[normalize-space(.)=${JSON.stringify(text)}])`);
    await Promise.all([page.waitForNavigation(), handle!.click()]);
  };

  it('goes from the register to a policy to an old version and shows what changed', async () => {
    await page.goto(server.url);
    expect(await texts('h1')).toEqual(['Quokka Labs policies']);
    await click('a', 'Access Control Policy');
    expect(await texts('h1')).toEqual(['Access Control Policy']);
    expect((await texts('.meta-panel dd'))[0]).toBe('Ada Owner (Head of Security)');
    expect(await texts('.policy-body h2')).toEqual(['Purpose #', 'Access reviews #', 'Multi-factor authentication #']);
    expect(await page.$$eval('.policy-body h2 .heading-anchor', (as) => as.map((a) => a.getAttribute('href')))).toEqual(['#purpose', '#access-reviews', '#multi-factor-authentication']);
    expect(await texts('.toc a')).toEqual(['Purpose', 'Access reviews', 'Multi-factor authentication']);
    expect(await texts('.approvals-table tbody tr')).toEqual(['Bob Approver Approved 2 Jun 2026, 09:00 precept approve']);
    expect(await page.$eval('.approvals-table time', (e) => e.getAttribute('datetime'))).toBe('2026-06-02T09:00:00Z');
    await click('a', '1.1.0');
    expect(page.url()).toMatch(/\/policies\/access-control\/v\/1\.1\.0\/index\.html$/);
    expect(await texts('h1')).toEqual(['Access Control Policy version 1.1.0']);
    expect(await texts('.change-summary')).toEqual([expect.stringMatching(/^Minor change from 1\.0\.0 to 1\.1\.0:/)]);
    expect(await texts('.redline ins')).toEqual(['and services', 'and customer data', 'and record the outcome', 'Multi-factor authentication', 'Every account MUST use a hardware security key.']);
    expect(await texts('#Approvals')).toEqual(['Approvals of version 1.1.0']);
    expect(await texts('.approvals-table tbody tr')).toEqual(['Bob Approver Approved 1 Mar 2026, 09:00 precept approve']);
    await click('a', 'Next: version 2.0.0');
    expect(await texts('.redline del')).toEqual(expect.arrayContaining(['Managers', 'quarter']));
    expect(await texts('.badges .badge')).toEqual(['Major change', 'Current version', 'In force']);
  });

  it('shows on the home page how many of the people required acknowledged each policy', async () => {
    await page.goto(server.url);
    const rows = await page.$$eval('.ack-share tbody tr', (trs) => trs.map((tr) => {
      const meter = tr.querySelector('meter')!;
      const text = (sel: string) => (tr.querySelector(sel)!.textContent ?? '').replace(/\s+/g, ' ').trim();
      return [text('th'), text('.ack-share-count'), text('.ack-share-percent'), meter.value, meter.max];
    }));
    expect(rows).toEqual([
      // 2.0.0 took effect when its approval was committed on 1 June (docs/timeline.md, rule 6): cy is not overdue yet.
      ['Access Control Policy 2.0.0', '2 of 3', '66%', 2, 3],
      ['Encryption Policy 1.0.1', '1 of 3 (2 overdue)', '33%', 1, 3],
    ]);
    await click('a', 'Encryption Policy');
    expect(await texts('h1')).toEqual(['Encryption Policy']);
    // A static host has no /api/me: the acknowledgement box stays hidden.
    await page.waitForSelector('[data-ack][data-ack-state="unavailable"]');
    expect(await page.$eval('[data-ack]', (e) => e.getClientRects().length)).toBe(0);
  });

  it('lets a signed-in person acknowledge the policy under precept serve, and records it', async () => {
    const errors: string[] = [];
    const served = await browser.newPage();
    served.on('pageerror', (e) => errors.push(String(e)));
    served.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
    try {
      await served.goto(`${serve.url}policies/encryption/index.html`);
      await served.waitForSelector('[data-ack][data-ack-state="ready"] [data-ack-button]:not([hidden])');
      expect(await served.$eval('[data-ack-status]', (e) => e.textContent)).toBe('Signed in as Cy Reader. Your acknowledgement is overdue: it was due on 3 Mar 2026.');
      expect(await served.$eval('[data-ack-button]', (e) => e.textContent)).toBe('I have read and accept version 1.0.1');
      await served.emulateMediaType('print');
      expect(await served.$eval('[data-ack]', (e) => e.ownerDocument.defaultView!.getComputedStyle(e).display)).toBe('none');
      await served.emulateMediaType();
      await served.click('[data-ack-button]');
      await served.waitForFunction("document.querySelector('[data-ack-result]').textContent.startsWith('Recorded')");
      expect(await served.$eval('[data-ack-result]', (e) => e.textContent)).toBe('Recorded: you accepted version 1.0.1 on 3 Jun 2026.');
      expect(await served.$eval('[data-ack-button]', (e) => e.hasAttribute('hidden'))).toBe(true);
      const ledger = parseLedger('acknowledgements.jsonl', await readFile(path.join(repo.dir, 'records', 'acknowledgements.jsonl')), ACKS_LEDGER);
      expect(ledger.diagnostics).toEqual([]);
      expect(ledger.entries.map((e) => e.record).filter((r) => r.person === 'cy')).toEqual([
        expect.objectContaining({ policy: 'encryption', version: '1.0.1', source: 'portal', identity: 'dev:cy', at: '2026-06-03T08:00:00Z' }),
      ]);
      // An older version's page offers no button.
      await served.goto(`${serve.url}policies/access-control/v/1.1.0/index.html`);
      await served.waitForSelector('[data-ack][data-ack-state="ready"]');
      expect(await served.$eval('[data-ack-status]', (e) => e.textContent)).toBe('Signed in as Cy Reader. This is not a version you can acknowledge: the version in force is 2.0.0.');
      expect(await served.$eval('[data-ack-button]', (e) => e.hasAttribute('hidden'))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await served.close();
    }
  });

  it('finds a policy by a word from its body, from the header search box', async () => {
    await page.goto(server.url);
    await page.type('#Site-search', 'quokka');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('#search-results li a');
    expect(await texts('#search-results h2')).toEqual(['Encryption Policy']);
    expect(await texts('#search-status')).toEqual(['1 policy matches “quokka”.']);
    expect((await texts('#search-results mark'))[0]?.toLowerCase()).toBe('quokka');
    await click('a', 'Encryption Policy');
    expect(await texts('h1')).toEqual(['Encryption Policy']);
    await page.goto(new URL('search/index.html', server.url).href);
    await page.type('#search-q', 'hardware');
    await page.waitForSelector('#search-results h2');
    expect(await texts('#search-results h2')).toEqual(['Access Control Policy']);
  });

  it('works from file:// in any subfolder: styles load under the CSP and relative links lead home', async () => {
    await page.goto(pathToFileURL(path.join(site, 'policies/access-control/v/1.0.0/index.html')).href);
    expect(await page.$eval('.site-header', (e) => e.ownerDocument.defaultView!.getComputedStyle(e).backgroundColor)).toBe('rgb(10, 48, 105)');
    await click('a', 'Access Control Policy');
    expect(page.url()).toBe(pathToFileURL(path.join(site, 'policies/access-control/index.html')).href);
    await click('a', 'Controls');
    await click('a', 'AC-01 Quarterly access review');
    expect(await texts('h1')).toEqual(['AC-01 Quarterly access review']);
    expect(await texts('#Policies ~ ul a')).toEqual(['Access Control Policy', 'Encryption Policy']);
    await click('a', 'Frameworks');
    await click('a', 'SOC 2 Trust Services Criteria');
    expect(await page.$eval('tr#c-CC6\\.3 .state', (e) => e.textContent?.trim())).toBe('Covered (control only)');
    expect(await page.$eval('tr#c-CC1\\.1 .state', (e) => e.textContent?.trim())).toBe('Gap: not covered');
    expect(await page.$eval('tr#c-A1\\.1 .state', (e) => e.textContent?.trim())).toBe('Out of scope');
  });

  it('prints the content without the navigation', async () => {
    await page.goto(new URL('policies/encryption/index.html', server.url).href);
    await page.emulateMediaType('print');
    try {
      expect(await page.$eval('.site-header', (e) => e.ownerDocument.defaultView!.getComputedStyle(e).display)).toBe('none');
      expect(await page.$eval('.policy-body', (e) => e.ownerDocument.defaultView!.getComputedStyle(e).display)).toBe('block');
    } finally {
      await page.emulateMediaType();
    }
  });

  it('has no serious or critical accessibility violations (axe-core) on home, a policy and a version page', async () => {
    const axePage = await browser.newPage();
    await axePage.setBypassCSP(true); // to inject axe; the pages themselves keep their CSP
    try {
      const found: string[] = [];
      const urls = ['index.html', 'policies/access-control/index.html', 'policies/access-control/v/2.0.0/index.html'].map((rel) => new URL(rel, server.url).href);
      // And a policy page with the acknowledgement box showing, under precept serve.
      urls.push(new URL('policies/access-control/index.html', serve.url).href);
      for (const url of urls) {
        const rel = url.slice(url.indexOf('/', 8));
        await axePage.goto(url);
        if (url.startsWith(serve.url)) await axePage.waitForSelector('[data-ack][data-ack-state="ready"]');
        await axePage.evaluate(axeSource);
        const violations = (await axePage.evaluate(`axe.run().then((r) => r.violations.map((v) => ({
          id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
        })))`)) as { id: string; impact: string; targets: string[] }[];
        for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${rel}: ${v.id} (${v.impact}) ${v.targets.join(', ')}`);
      }
      expect(found).toEqual([]);
    } finally {
      await axePage.close();
    }
  });
});
