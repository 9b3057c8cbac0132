/**
 * What changed, in a real browser (issue 17, item 2): a version page opens with a summary (the
 * classification, the sections changed, a link to each change in the redline), and the policy
 * page links the latest change.
 */
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { BuildStatus } from '../src/server/dev/build-status.js';
import { ReloadHub } from '../src/server/dev/live-reload.js';
import { startServer, type DevServer } from '../src/server/dev/server.js';
import { approveAll } from './helpers/approve-all.js';
import { policyFile, portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';

let server: DevServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const repo = await portalRepo();
  // A step that changes only the frontmatter: a new owner and one more criterion, the same text.
  const backup = (version: string) => policyFile('backup', 'Backup Policy', version, '## Purpose\n\nBackups MUST be tested every quarter.');
  await repo.write({ 'policies/backup.md': backup('1.0.0') });
  await approveAll(repo.dir, new Date('2026-06-03T09:00:00Z'));
  repo.commit('Backup policy', '2026-06-03T10:00:00Z');
  await repo.write({ 'policies/backup.md': backup('1.1.0').replace('owner: ada', 'owner: cy').replace('soc2: [CC6.1, CC6.2]', 'soc2: [CC6.1, CC6.2, CC6.3]') });
  await approveAll(repo.dir, new Date('2026-06-04T09:00:00Z'));
  repo.commit('Backup policy: Cy owns it, and it covers CC6.3', '2026-06-04T10:00:00Z');
  const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
  expect(run.code, run.stderr).toBe(0);
  server = await startServer(path.join(repo.dir, 'dist', 'site'), 0, new ReloadHub(), new BuildStatus());
  browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (selector: string) => page.$eval(selector, (e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());
const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));

/** Every summary link's target, as the browser finds it: [link text, the target's text] (null when missing or outside the redline). */
const targets = (selector: string) => page.$$eval(selector, (links) => links.map((a) => {
  const target = a.ownerDocument.getElementById(a.getAttribute('href')!.slice(1));
  return [(a.textContent ?? '').trim(), target && target.closest('.redline') ? (target.textContent ?? '').trim() : null];
}));

describe('what changed', () => {
  it('links the latest change from the policy page to a summary that opens the version page', async () => {
    await page.goto(new URL('policies/access-control/index.html', server.url).href);
    await Promise.all([page.waitForNavigation(), page.click('.latest-change a')]);
    expect(new URL(page.url()).pathname).toBe('/policies/access-control/v/2.0.0/index.html');
    expect(new URL(page.url()).hash).toBe('#What-changed');
    // The summary comes before the redline and the full text.
    const order = await page.$$eval('#What-changed, #Changes, #Fulltext', (els) => els.map((e) => e.id));
    expect(order).toEqual(['What-changed', 'Changes', 'Fulltext']);
    expect(await text('#What-changed-title')).toBe('What changed');
    // Quarterly reviews by managers become monthly reviews by system owners: a changed time period.
    expect(await text('.what-changed-level')).toBe('The changes from version 1.1.0 are major (material).');
    expect(await texts('.what-changed-sections a')).toEqual(['Access reviews']);
    const [first, ...rest] = await targets('.what-changed-list a');
    expect(rest).toEqual([]);
    expect(first![0]).toBe('Change 1');
    expect(first![1]).toMatch(/System owners.*review access every.*month.*record the outcome/);
    expect((await texts('.what-changed-list li'))[0]).toMatch(/^Change 1 major \(material\) changes .*time periods.*in “Access reviews”/);
    await page.click('.what-changed-list a');
    expect(await page.evaluate('location.hash')).toBe('#change-1');
  });

  it('lists every change of a bigger step, each link leading to its place in the redline', async () => {
    await page.goto(new URL('policies/access-control/v/1.1.0/index.html', server.url).href);
    expect(await text('.what-changed-level')).toBe('The changes from version 1.0.0 are major (material).');
    expect(await texts('.what-changed-sections a')).toEqual(['Purpose', 'Access reviews', 'Multi-factor authentication']);
    const found = await targets('.what-changed-list a');
    const changed = await page.$$eval('.redline [id^="change-"]', (els) => els.length);
    expect(found.length).toBe(changed);
    expect(found.every(([, target]) => target !== null)).toBe(true);
    expect(found.some(([, target]) => target!.includes('Every account MUST use a hardware security key.'))).toBe(true);
    expect(await texts('.what-changed-list .badge')).toContain('major (material)');
  });

  it('lists the frontmatter that changed, classified as review does', async () => {
    await page.goto(new URL('policies/backup/v/1.1.0/index.html', server.url).href);
    expect(await text('.what-changed-level')).toBe('The changes from version 1.0.0 are minor.');
    expect(await page.$('.what-changed-list')).toBeNull();
    expect(await texts('.what-changed-fields li')).toEqual([
      'minor owner changed: ada → cy',
      'minor criteria changed: +soc2 CC6.3',
    ]);
    // A step with text changes only lists no fields.
    await page.goto(new URL('policies/access-control/v/2.0.0/index.html', server.url).href);
    expect(await page.$('.what-changed-fields')).toBeNull();
  });

  it('says nothing of changes on a first version', async () => {
    await page.goto(new URL('policies/access-control/v/1.0.0/index.html', server.url).href);
    expect(await page.$('#What-changed')).toBeNull();
    await page.goto(new URL('policies/encryption/index.html', server.url).href);
    expect(await text('.latest-change a')).toBe('What changed in version 1.0.1');
  });
});
