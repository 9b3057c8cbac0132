/** `precept build` in-process: pages for every version, refusal on errors, no git, sanitizing, links, calendar. */
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from './helpers/git-repo.js';
import { EXAMPLE_ROOT, FIXTURES } from './helpers/paths.js';
import { portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';
import { listFiles, sitePages, visibleText } from './helpers/site-files.js';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'precept-build-'));

describe('precept build', () => {
  let repo: TestRepo;
  let site: string;
  let pages: Map<string, string>;

  beforeAll(async () => {
    repo = await portalRepo();
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Built 2 policies, \d+ pages in \d+\.\d s\n {2}site: /);
    site = path.join(repo.dir, 'dist', 'site');
    pages = await sitePages(site);
  });
  afterAll(async () => {
    await rm(repo.dir, { recursive: true, force: true });
  });

  it('writes a page for every version in git history, with a redline against the one before', async () => {
    const versions = [...pages.keys()].filter((p) => p.includes('/v/')).sort();
    expect(versions).toEqual([
      'policies/access-control/v/1.0.0/index.html',
      'policies/access-control/v/1.1.0/index.html',
      'policies/access-control/v/2.0.0/index.html',
      'policies/encryption/v/1.0.0/index.html',
      'policies/encryption/v/1.0.1/index.html',
    ]);
    const major = pages.get('policies/access-control/v/2.0.0/index.html')!;
    expect(visibleText(major)).toContain('Major change from 1.1.0 to 2.0.0');
    const [del, ins] = [(t: string) => `<span class="rl-sr">[deleted: </span><del>${t}</del><span class="rl-sr">]</span>`, (t: string) => `<span class="rl-sr">[inserted: </span><ins>${t}</ins><span class="rl-sr">]</span>`];
    expect(major).toContain(`<div class="rl-block rl-p rl-changed" id="change-1">${del('Managers')}${ins('System owners')} review access every ${del('quarter')}${ins('month')} and record the outcome.</div>`);
    const minor = visibleText(pages.get('policies/access-control/v/1.1.0/index.html')!);
    expect(minor).toContain('Minor change from 1.0.0 to 1.1.0');
    expect(minor).toContain('Committed 1 Mar 2026');
    // 1.1.0 was in force from its approval (its effective date was the old one's, copied) until 2.0.0's.
    expect(minor).toContain('Superseded In force from 1 March 2026 until 1 June 2026, when it was superseded.');
    expect(minor).toContain('This is version 1.1.0, not the one in force. Read the version in force (2.0.0)');
    expect(visibleText(pages.get('policies/encryption/v/1.0.1/index.html')!)).toContain('Patch (editorial change) from 1.0.0 to 1.0.1: 4 words inserted, 0 words deleted');
    expect(visibleText(pages.get('policies/access-control/v/1.0.0/index.html')!)).toContain('This is the first version of the policy');
  });

  it('shows the register, the policy metadata and its history', () => {
    const home = visibleText(pages.get('index.html')!);
    expect(home).toMatch(/Access Control Policy Ada Owner 2\.0\.0 Approved 1 Feb 2026 15 Jan 2027 All staff/);
    expect(home).toContain('built from commit');
    const policy = visibleText(pages.get('policies/access-control/index.html')!);
    expect(policy).toContain('Owner Ada Owner (Head of Security)');
    expect(policy).toContain('Next review 15 Jan 2027');
    expect(policy).toMatch(/Version history .*2\.0\.0 \(current\) 1 Jun 2026 Major change [0-9a-f]{7} Access control: monthly reviews by system owners/);
    expect(policy).toContain('Related policies Encryption Policy (Approved)');
  });

  it('shows who approved each text and when, and the share of staff who acknowledged each policy', () => {
    const policy = visibleText(pages.get('policies/access-control/index.html')!);
    expect(policy).toContain('Approval 1 of 1 approved Version 2.0.0');
    // 2.0.0 took effect on 1 June, when its approval was committed (not on the older effective date it
    // kept): cy is within the grace period, not overdue.
    expect(policy).toMatch(/Acknowledged 2 of 3 people \(66%\) for version 2\.0\.0, as of 2 Jun 2026/);
    expect(policy).toContain('Approvals Approved by its approver. Approvals bind to the text: content hash sha256:');
    expect(policy).toContain('Approver Decision Date (UTC) Source Bob Approver Approved 2 Jun 2026, 09:00 precept approve');
    // Each version's page lists the decisions on that version's own text.
    const v110 = visibleText(pages.get('policies/access-control/v/1.1.0/index.html')!);
    expect(v110).toContain('Approvals of version 1.1.0 Approved by its approver.');
    expect(v110).toContain('Bob Approver Approved 1 Mar 2026, 09:00 precept approve');
    expect(v110).not.toContain('2 Jun 2026, 09:00');
    expect(visibleText(pages.get('policies/access-control/v/1.0.0/index.html')!)).toContain('Bob Approver Approved 10 Jan 2026, 09:00 precept approve');
    expect(visibleText(pages.get('policies/access-control/v/2.0.0/index.html')!)).toContain('Bob Approver Approved 2 Jun 2026, 09:00 precept approve');
    const home = visibleText(pages.get('index.html')!);
    expect(home).toContain('Acknowledgements Share of the people required who have acknowledged the version in force, as of 2 Jun 2026.');
    expect(home).toContain('Access Control Policy 2.0.0 2 of 3 66% 66% Encryption Policy 1.0.1 1 of 3 (2 overdue) 33% 33%');
    // The acknowledgement button is in every policy and version page, hidden until precept serve answers.
    for (const [rel, version] of [['policies/access-control/index.html', '2.0.0'], ['policies/access-control/v/1.1.0/index.html', '1.1.0']] as const) {
      const html = pages.get(rel)!;
      expect(html).toMatch(new RegExp(`<section class="ack" data-ack data-policy="access-control" data-version="${version.replace(/\./g, '\\.')}" [^>]*hidden>`));
      expect(html).toContain(`<button type="button" class="ack-button" data-ack-button hidden>I have read and accept version ${version}</button>`);
    }
  });

  it("uses the repo's own templates over the built-in theme, file by file", async () => {
    const out = await tmp();
    await mkdir(path.join(repo.dir, 'site', 'partials'), { recursive: true });
    await writeFile(path.join(repo.dir, 'site', 'partials', 'footer.hbs'), '<footer class="site-footer"><p>Quokka Labs internal: do not forward. {{site.orgName}}</p></footer>\n');
    try {
      const run = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
      const page = await readFile(path.join(out, 'site', 'policies', 'encryption', 'index.html'), 'utf8');
      expect(page).toContain('<p>Quokka Labs internal: do not forward. Quokka Labs</p>');
      expect(page).toContain('<a class="skip-link" href="#Main">'); // the rest is still the built-in theme
    } finally {
      await rm(path.join(repo.dir, 'site'), { recursive: true, force: true });
    }
  });

  it('marks overdue reviews as of the date asked for', async () => {
    const out = await tmp();
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', out, '--as-of', '2027-02-01']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning review-overdue review overdue: due 2027-01-15/);
    const home = visibleText(await readFile(path.join(out, 'site', 'index.html'), 'utf8'));
    expect(home).toContain('2 policies, 2 approved. 2 overdue for review.');
    expect(home).toMatch(/Access Control Policy .* 15 Jan 2027 Overdue by 17 days All staff/);
    expect(visibleText(await readFile(path.join(out, 'site', 'policies', 'encryption', 'index.html'), 'utf8'))).toContain('Next review 15 Jan 2027 Overdue by 17 days');
  });

  it('links work from every page: every relative href and src names a file of the site, and anchors exist', async () => {
    const files = new Set(await listFiles(site));
    const problems: string[] = [];
    for (const [page, html] of pages) {
      for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const url = m[1]!.replace(/&amp;/g, '&');
        if (/^(https?:|mailto:|data:)/.test(url) || url.startsWith('#')) continue;
        const [target, fragment] = url.split('#') as [string, string | undefined];
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), target.split('?')[0]!));
        if (!files.has(resolved)) problems.push(`${page}: ${url}`);
        else if (fragment && resolved.endsWith('.html') && !pages.get(resolved)!.includes(`id="${fragment}"`)) problems.push(`${page}: ${url} (no #${fragment})`);
        if (url.startsWith('/')) problems.push(`${page}: ${url} is absolute`);
      }
    }
    expect(problems).toEqual([]);
    expect(pages.get('policies/access-control/index.html')).toContain('href="../../policies/encryption/index.html#key-management"');
    expect(pages.get('policies/access-control/v/1.0.0/index.html')).toContain('href="../../../../policies/encryption/index.html#key-management"');
  });

  it('writes a review calendar people can subscribe to', async () => {
    const ics = await readFile(path.join(site, 'reviews.ics'), 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain('BEGIN:VEVENT\r\nUID:review-access-control-20270115@quokka.precept\r\nDTSTAMP:20260602T100000Z\r\nDTSTART;VALUE=DATE:20270115\r\nDTEND;VALUE=DATE:20270116\r\nSUMMARY:Policy review due: Access Control Policy\r\n');
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });

  it('rebuilds only what changed, and the result is the same as a build from scratch', async () => {
    await writeFile(path.join(repo.dir, 'policies/encryption.md'),
      (await readFile(path.join(repo.dir, 'policies/encryption.md'), 'utf8')).replace('Keys rotate every year.', 'Keys rotate every six months.')
        .replace('status: approved', 'status: in-review'));
    const warm = await runCli(['build', '--no-pdf', '--root', repo.dir, '--verbose']);
    expect(warm.code, warm.stderr).toBe(0);
    expect(warm.stdout).toContain('rendered: 1 bodies, 1 redlines');
    expect(warm.stdout).toMatch(/rendered [1-9]\d?, reused \d+/);
    const fresh = path.join(await tmp(), 'fresh');
    const cold = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', fresh, '--no-cache']);
    expect(cold.code, cold.stderr).toBe(0);
    const a = path.join(repo.dir, 'dist', 'site');
    const b = path.join(fresh, 'site');
    expect(await listFiles(a)).toEqual(await listFiles(b));
    for (const rel of await listFiles(a)) expect((await readFile(path.join(a, rel))).equals(await readFile(path.join(b, rel))), rel).toBe(true);
    expect(visibleText(await readFile(path.join(b, 'policies/encryption/index.html'), 'utf8'))).toContain('Keys rotate every six months.');
    expect(await readFile(path.join(b, 'policies/encryption/index.html'), 'utf8')).toContain('Uncommitted changes');
  });

  it('re-renders the pages a new approval or acknowledgement changes, and the result equals a build from scratch', async () => {
    const file = path.join(repo.dir, 'policies/encryption.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.0.1', 'version: 1.1.0').replace('status: approved', 'status: in-review'));
    const before = await runCli(['build', '--no-pdf', '--root', repo.dir]);
    expect(before.code, before.stderr).toBe(0);
    const page = () => readFile(path.join(site, 'policies/encryption/index.html'), 'utf8').then(visibleText);
    expect(await page()).toContain('Approvals 0 of 1 approvals of this text. Approvals bind to the text');
    expect(await page()).toContain('Waiting for: Bob Approver (approved version 1.0.1 on 1 Apr 2026; this text needs a new decision) .');

    const approved = await runCli(['approve', 'encryption', '--as', 'bob', '--root', repo.dir], { now: new Date('2026-06-02T11:00:00Z') });
    expect(approved.code, approved.stderr).toBe(0);
    const afterApproval = await runCli(['build', '--no-pdf', '--root', repo.dir, '--verbose']);
    expect(afterApproval.code, afterApproval.stderr).toBe(0);
    expect(afterApproval.stdout).toMatch(/site: pages \d+, rendered 2, reused/); // the policy page and its current version's page
    expect(await page()).toContain('Bob Approver Approved 2 Jun 2026, 11:00 precept approve');
    expect(visibleText(await readFile(path.join(site, 'policies/encryption/v/1.1.0/index.html'), 'utf8'))).toContain('Approvals of version 1.1.0 Approved by its approver.');

    const acked = await runCli(['ack', 'access-control', '--as', 'cy', '--root', repo.dir], { now: new Date('2026-06-02T12:00:00Z') });
    expect(acked.code, acked.stderr).toBe(0);
    const afterAck = await runCli(['build', '--no-pdf', '--root', repo.dir, '--verbose']);
    expect(afterAck.code, afterAck.stderr).toBe(0);
    expect(afterAck.stdout).toMatch(/site: pages \d+, rendered 2, reused/); // home and the policy's page
    expect(visibleText(await readFile(path.join(site, 'index.html'), 'utf8'))).toContain('Access Control Policy 2.0.0 3 of 3 100%');
    expect(visibleText(await readFile(path.join(site, 'policies/access-control/index.html'), 'utf8'))).toContain('Acknowledged 3 of 3 people (100%) for version 2.0.0, as of 2 Jun 2026');

    const fresh = path.join(await tmp(), 'fresh');
    const cold = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', fresh, '--no-cache']);
    expect(cold.code, cold.stderr).toBe(0);
    const b = path.join(fresh, 'site');
    expect(await listFiles(site)).toEqual(await listFiles(b));
    for (const rel of await listFiles(site)) expect((await readFile(path.join(site, rel))).equals(await readFile(path.join(b, rel))), rel).toBe(true);
  });
});

describe('precept build refuses and degrades', () => {
  it('refuses to build when check finds errors, printing them like check does', async () => {
    const out = await tmp();
    const run = await runCli(['build', '--no-pdf', '--root', path.join(FIXTURES, 'check', 'unknown-references'), '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/policies\/gamma\.md:6:8 error unknown-person owner: unknown person "adaa"/);
    expect(run.stderr).toMatch(/not built: check found \d+ errors/);
    expect(run.stdout).toBe('');
    await expect(stat(path.join(out, 'site'))).rejects.toThrow();
  });

  it('builds only current versions outside git, with a warning', async () => {
    const dir = await tmp();
    await cp(path.join(FIXTURES, 'check', 'clean'), dir, { recursive: true });
    const run = await runCli(['build', '--no-pdf', '--root', dir, '--as-of', '2026-11-25']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning: not a git repository (or no commits yet): only the current version of each policy is built');
    const versions = (await listFiles(path.join(dir, 'dist', 'site'))).filter((f) => f.includes('/v/'));
    expect(versions).toEqual(['policies/alpha/v/1.0.0/index.html', 'policies/beta/v/1.0.0/index.html']);
  });

  it('builds the bundled example organisation', async () => {
    const out = await tmp();
    const run = await runCli(['build', '--root', EXAMPLE_ROOT, '--out', out, '--no-cache']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Built 15 policies, \d+ pages, 15 PDFs in/);
    const frameworks = visibleText(await readFile(path.join(out, 'site', 'frameworks', 'soc2', 'index.html'), 'utf8'));
    expect(frameworks).toContain('38 of 38 criteria in scope are covered');
    expect(frameworks).toMatch(/P1\.1 .* Out of scope/);
  });
});
