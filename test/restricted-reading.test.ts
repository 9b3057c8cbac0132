/**
 * Restricted reading (issue 17, item 6): a restricted policy built into the portal is served by
 * `precept serve` only to its readers (audience, owner, approvers): its pages, version pages and
 * images are 404 for everyone else, links to it leave the pages they see, its words are in no
 * search index file they can fetch, and `build --public` leaves it out altogether.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { deflateSync, gunzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { ACCESS_FILE, restrictedSearchDir, siteAccess } from '../src/render/site/access.js';
import { Reader } from '../src/server/serve/access.js';
import { ackOrg } from './helpers/ack-org.js';
import { approveAll } from './helpers/approve-all.js';
import type { TestRepo } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';
import { raw, startServe, type ServeRun } from './helpers/serve.js';
import { policyText } from './helpers/tiny-org.js';

const now = new Date('2026-11-25T12:00:00Z');
const SECRET = 'correct-horse-battery-staple-42';
// Words only the restricted policy holds, in English and Japanese.
const WORD = 'zanzibarquartz';
const JA = '買収候補先';

function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([len, Buffer.from(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: 4 }, () => Buffer.from([0, ...Array.from({ length: 4 }, () => [200, 10, 10]).flat()])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** Every file below a folder, as site paths. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((name) => {
    const child = rel ? `${rel}/${name}` : name;
    return statSync(path.join(dir, child)).isDirectory() ? filesUnder(dir, child) : [child];
  });
}

/** A file's text, and Pagefind's gzipped files' text too. */
function readable(bytes: Buffer): string {
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch {
    return bytes.toString('utf8');
  }
}

let repo: TestRepo;
let server: ServeRun;
const site = () => path.join(repo.dir, 'dist', 'site');
const as = (email?: string) => (email ? { 'X-Forwarded-Email': email, 'X-Precept-Proxy-Secret': SECRET } : {});
const ADA = 'ada@fixture.example'; // in engineering, the audience
const BOB = 'bob@fixture.example'; // the owner
const EVE = 'eve@fixture.example'; // neither

beforeAll(async () => {
  repo = await ackOrg();
  const gamma = (version: string, body: string) => policyText('gamma', {
    title: 'Gamma Acquisition Plan', version, classification: 'restricted', owner: 'bob', approvers: '[bob]', audience: '[engineering]',
  }, body);
  await repo.write({ 'policies/gamma.md': gamma('1.0.0', `## Targets\n\nThe ${WORD} shortlist is kept here.\n\n${JA}の一覧はここに保管する。\n\n![Org chart](img/gamma-chart.png)`) });
  mkdirSync(path.join(repo.dir, 'policies', 'img'), { recursive: true });
  writeFileSync(path.join(repo.dir, 'policies', 'img', 'gamma-chart.png'), png());
  repo.commit('gamma 1.0.0', '2026-02-10T10:00:00Z');
  await repo.write({ 'policies/gamma.md': gamma('1.1.0', `## Targets\n\nThe ${WORD} shortlist is kept here, reviewed monthly.\n\n${JA}の一覧はここに保管する。\n\n![Org chart](img/gamma-chart.png)`) });
  await approveAll(repo.dir, new Date('2026-03-11T09:00:00Z'));
  repo.commit('gamma 1.1.0, approvals', '2026-03-11T10:00:00Z');
  const built = await runCli(['build', '--no-pdf', '--root', repo.dir], { now });
  expect(built.code, built.stderr).toBe(0);
  server = await startServe(['--root', repo.dir, '--out', path.join(repo.dir, 'dist')], { env: { PRECEPT_PROXY_SECRET: SECRET }, now });
}, 120_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

describe('precept serve with a restricted policy', () => {
  it('answers its page, version pages and images to its audience and owner, and 404 to everyone else', async () => {
    const image = filesUnder(site()).find((f) => /^files\/gamma-chart-.*\.png$/.test(f))!;
    expect(image).toBeDefined();
    const paths = ['/policies/gamma/', '/policies/gamma/index.html', '/policies/gamma/v/1.0.0/', '/policies/gamma/v/1.1.0/index.html', `/${image}`];
    for (const p of paths) {
      for (const who of [ADA, BOB]) expect([p, who, (await raw(server.url, p, { headers: as(who) })).status]).toEqual([p, who, 200]);
      for (const who of [EVE, undefined]) {
        const r = await raw(server.url, p, { headers: as(who) });
        expect([p, who, r.status, r.body.includes('Gamma')]).toEqual([p, who, 404, false]);
      }
    }
    // Not even a redirect says the folder exists.
    expect((await raw(server.url, '/policies/gamma', { headers: as(EVE) })).status).toBe(404);
    expect((await raw(server.url, '/policies/gamma', { headers: as(ADA) })).status).toBe(301);
    // The access file itself is never served.
    expect((await raw(server.url, `/${ACCESS_FILE}`, { headers: as(ADA) })).status).toBe(404);
  });

  it('leaves it out of the pages and the API others see', async () => {
    const home = (who?: string) => raw(server.url, '/', { headers: as(who) });
    expect((await home(ADA)).body).toContain('Gamma Acquisition Plan');
    const eve = await home(EVE);
    expect([eve.status, eve.body.includes('Gamma'), eve.body.includes('Alpha Policy')]).toEqual([200, false, true]);
    expect((await home()).body).not.toContain('Gamma');
    expect(readFileSync(path.join(site(), 'reviews.ics'), 'utf8')).not.toContain('Gamma');
    const me = async (who: string) => (JSON.parse((await raw(server.url, '/api/me', { headers: as(who) })).body) as { policies: { policy: string }[] }).policies.map((p) => p.policy);
    expect(await me(ADA)).toContain('gamma');
    expect(await me(EVE)).not.toContain('gamma');
    const ack = await raw(server.url, '/api/ack', {
      method: 'POST', headers: { ...as(EVE), 'Content-Type': 'application/json' }, body: JSON.stringify({ policy: 'gamma', version: '1.1.0' }),
    });
    expect([ack.status, JSON.parse(ack.body).error]).toEqual([404, 'unknown-policy']);
  });

  it('keeps its words out of every search file an outsider can fetch, and in one its readers can', async () => {
    const files = filesUnder(path.join(site(), 'pagefind')).map((f) => `/pagefind/${f}`);
    const holding = async (who: string) => {
      const found: string[] = [];
      for (const f of files) {
        const r = await fetch(new URL(f, server.url), { headers: as(who) });
        if (r.status !== 200) continue;
        const text = readable(Buffer.from(await r.arrayBuffer())).toLowerCase();
        if (text.includes(WORD) || text.includes(JA)) found.push(f);
      }
      return found;
    };
    expect(await holding(EVE)).toEqual([]);
    const ada = await holding(ADA);
    expect(ada.length).toBeGreaterThan(0);
    expect(ada.every((f) => f.startsWith(`/${restrictedSearchDir('gamma')}/`))).toBe(true);
    // The search page names the index without naming the policy.
    const search = (await raw(server.url, '/search/', { headers: as(EVE) })).body;
    expect(search).toContain(`${restrictedSearchDir('gamma')}:en:r`);
    expect(search).not.toContain('gamma');
  });
});

describe('build --public', () => {
  it('leaves the restricted policy out of every file of the site', async () => {
    const out = path.join(repo.dir, 'public-out');
    const built = await runCli(['build', '--no-pdf', '--public', '--root', repo.dir, '--out', out], { now });
    expect(built.code, built.stderr).toBe(0);
    const dir = path.join(out, 'site');
    const leaks = filesUnder(dir).filter((f) => {
      const text = readable(readFileSync(path.join(dir, f))).toLowerCase();
      return f.includes('gamma') || text.includes(WORD) || text.includes(JA) || text.includes('gamma acquisition');
    });
    expect(leaks).toEqual([]);
    expect(filesUnder(dir)).toContain('policies/alpha/index.html');
  });

  it('refuses to leave policies out of an auditor pack', async () => {
    const run = await runCli(['build', '--public', '--pack', '2026-01-01..2026-06-30', '--root', repo.dir], { now });
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('--public leaves policies out')]);
  });
});

describe('the access file', () => {
  it('gives a restricted policy its folder, search index and PDF, and a file only while no open policy shows it', () => {
    const v = (id: string, classification: string, files: string[]) => {
      const version = { body: id } as never;
      return { policy: { id, classification, versions: [version] } as never, version, files };
    };
    const secret = v('gamma', 'confidential', ['files/a.png', 'files/shared.png']);
    const open = v('alpha', 'internal', ['files/shared.png']);
    const byVersion = new Map([secret, open].map((x) => [x.version, { paths: x.files.map((f) => [f, f] as [string, string]), attachments: [] }]));
    const access = siteAccess([secret.policy, open.policy], { byVersion, files: new Map() }, (p) => `pdf/${(p as { id: string }).id}.pdf`);
    expect(access.paths).toEqual({
      'policies/gamma': ['gamma'], [restrictedSearchDir('gamma')]: ['gamma'], 'pdf/gamma.pdf': ['gamma'], 'files/a.png': ['gamma'],
    });
  });
});

describe('pages as an outsider sees them', () => {
  it('takes out the rows the theme marks for a restricted policy, and elsewhere the link alone', async () => {
    const { loadProject } = await import('../src/repo/load/load-project.js');
    const { project } = await loadProject(repo.dir);
    const gate = { paths: new Map([['policies/gamma', ['gamma']]]), readers: new Map([['gamma', { groups: ['engineering'], people: ['bob'] }]]) };
    const eve = project.roster.people.get('eve')!.person;
    const page = [
      '<!doctype html><html><head><title>x</title></head><body>',
      '<table><tr data-policy-item><th><a href="../policies/gamma/index.html">Gamma Acquisition Plan</a></th><td>bob</td></tr>',
      '<tr data-policy-item><th><a href="../policies/alpha/index.html">Alpha Policy</a></th><td>ada</td></tr>',
      '<tr><td>CC6.1</td><td><a href="../policies/gamma/index.html">Gamma Acquisition Plan</a><br><a href="../policies/alpha/index.html">Alpha Policy</a></td></tr></table>',
      '</body></html>',
    ].join('');
    const seen = new Reader(gate, eve, project, '2026-11-25').html(page, '/frameworks/index.html');
    expect(seen).not.toContain('Gamma');
    expect(seen.match(/Alpha Policy/g)).toHaveLength(2);
    expect(seen).toContain('<td>CC6.1</td>');
    const ada = project.roster.people.get('ada')!.person;
    expect(new Reader(gate, ada, project, '2026-11-25').html(page, '/frameworks/index.html')).toBe(page);
  });
});

describe('search in a browser', () => {
  it('finds the restricted policy by its words for its reader, and not for anyone else', async () => {
    const browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
    const as = async (person: string) => startServe(['--root', repo.dir, '--out', path.join(repo.dir, 'dist'), '--dev-user', person], { now });
    const servers = { ada: await as('ada'), eve: await as('eve') };
    try {
      const results = async (server: ServeRun, query: string) => {
        const page = await browser.newPage();
        try {
          await page.goto(`${server.url}search/index.html?q=${encodeURIComponent(query)}`);
          await page.waitForFunction("!/Searching|検索中/.test(document.getElementById('search-status').textContent) && document.getElementById('search-status').textContent !== ''");
          return await page.$$eval('#search-results h2', (hs) => hs.map((h) => (h.textContent ?? '').trim()));
        } finally {
          await page.close();
        }
      };
      expect(await results(servers.ada, WORD)).toEqual(['Gamma Acquisition Plan']);
      expect(await results(servers.ada, JA)).toEqual(['Gamma Acquisition Plan']);
      expect(await results(servers.eve, WORD)).toEqual([]);
      expect(await results(servers.eve, JA)).toEqual([]);
      // The rest of search still works for the outsider.
      expect(await results(servers.eve, 'breaches')).toEqual(['Alpha Policy']);
    } finally {
      await browser.close();
      for (const s of Object.values(servers)) await s.stop();
    }
  }, 60_000);
});
