/** precept serve in-process: static files served safely, the acknowledgement API's answers, start-up repair. */
import { appendFileSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import { ackOrg } from './helpers/ack-org.js';
import type { TestRepo } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';
import { fakeSite, raw, startServe, type ServeRun } from './helpers/serve.js';

const now = new Date('2026-11-25T12:00:00Z');
const SECRET = 'correct-horse-battery-staple-42';
const LEDGER = 'records/acknowledgements.jsonl';

let repo: TestRepo;
let out: string;
let server: ServeRun;

beforeAll(async () => {
  repo = await ackOrg({ draft: true });
  out = fakeSite({
    'index.html': '<!doctype html><title>Portal</title><p>home</p>',
    'policies/alpha/index.html': '<!doctype html><title>Alpha</title>',
    'assets/site.css': 'body { color: black }',
    'assets/ack.js': '// client',
    'assets/fonts/x.woff2': 'wOF2',
    'empty/.keep': '',
    '.git/config': 'secret',
    '404.html': '<!doctype html><title>Not found</title><p>no such page</p>',
  });
  symlinkSync('/etc', path.join(out, 'site', 'escape'));
  server = await startServe(['--root', repo.dir, '--out', out], { env: { PRECEPT_PROXY_SECRET: SECRET }, now });
});

afterAll(async () => {
  expect(await server.stop()).toBe(0);
  expect(server.stdout()).toMatch(/Stopped\.\n$/);
});

describe('static files', () => {
  it('serves the site with content types and safety headers, folders through their index.html, and never lists a folder', async () => {
    const home = await raw(server.url, '/');
    expect([home.status, home.headers['content-type'], home.body]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><title>Portal</title><p>home</p>']);
    expect(home.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" });
    expect((await raw(server.url, '/assets/site.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await raw(server.url, '/assets/ack.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await raw(server.url, '/assets/fonts/x.woff2')).headers['content-type']).toBe('font/woff2');
    const folder = await raw(server.url, '/policies/alpha?x=1');
    expect([folder.status, folder.headers.location]).toEqual([301, '/policies/alpha/?x=1']);
    expect((await raw(server.url, '/policies/alpha/')).body).toBe('<!doctype html><title>Alpha</title>');
    const listing = await raw(server.url, '/empty/');
    expect([listing.status, listing.body]).toEqual([404, '<!doctype html><title>Not found</title><p>no such page</p>']);
    expect((await raw(server.url, '/assets/site.css', { method: 'HEAD' })).status).toBe(200);
    expect((await raw(server.url, '/assets/site.css', { method: 'POST' })).status).toBe(405);
  });

  it('refuses paths that lead outside the site, hidden files and symlinks out', async () => {
    // Dot segments, encoded or not, are resolved by URL parsing before any file is looked at: /etc/passwd inside the site.
    for (const p of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) expect((await raw(server.url, p)).status).toBe(404);
    for (const p of [ '/assets/..%2f..%2f..%2fetc%2fpasswd', '/assets%5c..%5c..%5cetc', '/%00', '//etc/passwd']) {
      const r = await raw(server.url, p);
      expect([p, r.status]).toEqual([p, 400]);
    }
    for (const p of ['/.git/config', '/escape/passwd', '/escape/', '/missing.html']) {
      const r = await raw(server.url, p);
      expect([p, r.status, r.body.includes('secret') || r.body.includes('root:')]).toEqual([p, 404, false]);
    }
  });
});

describe('the acknowledgement API', () => {
  const signedIn = (email: string, extra: Record<string, string> = {}) => ({ 'X-Forwarded-Email': email, 'X-Precept-Proxy-Secret': SECRET, ...extra });
  const post = (headers: Record<string, string>, body: unknown) =>
    raw(server.url, '/api/ack', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const answer = async (r: Promise<{ status: number; body: string }>) => {
    const { status, body } = await r;
    const data = JSON.parse(body) as { error?: string; recorded?: boolean };
    return `${status} ${data.error ?? `recorded=${data.recorded}`}`;
  };

  it('believes the identity header only with the proxy secret, and only for people in the roster', async () => {
    expect(await answer(raw(server.url, '/api/me', { headers: { 'X-Forwarded-Email': 'ada@fixture.example' } }))).toBe('401 not-signed-in');
    expect(await answer(raw(server.url, '/api/me', { headers: { 'X-Forwarded-Email': 'ada@fixture.example', 'X-Precept-Proxy-Secret': 'guess' } }))).toBe('401 not-signed-in');
    expect(await answer(raw(server.url, '/api/me', { headers: signedIn('mallory@evil.example') }))).toBe('403 unknown-person');
    const me = await raw(server.url, '/api/me', { headers: signedIn('ADA@fixture.example') });
    expect(me.status).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const data = JSON.parse(me.body);
    expect(data.person).toEqual({ id: 'ada', name: 'Ada Owner', email: 'ada@fixture.example' });
    expect(data.policies).toEqual([
      { policy: 'alpha', title: 'Alpha Policy', version: '2.0.0', required: true, state: 'overdue', deadline: '2026-07-31', acknowledged: null, acknowledgeable: ['2.0.0'] },
      { policy: 'beta', title: 'Beta Policy', version: '1.0.0', required: true, state: 'overdue', deadline: '2026-03-03', acknowledged: null, acknowledgeable: ['1.0.0'] },
    ]);
  });

  it('answers 404, 409, 403, 415, 400 and 413 as the issue says, records once, and 200 again for a repeat', async () => {
    const eve = signedIn('eve@fixture.example');
    expect(await answer(post(eve, { policy: 'gamma', version: '1.0.0' }))).toBe('404 unknown-policy');
    expect(await answer(post(eve, { policy: 'alpha', version: '9.0.0' }))).toBe('404 unknown-version');
    expect(await answer(post(eve, { policy: 'alpha', version: '1.1.0' }))).toBe('409 superseded');
    expect(await answer(post(eve, { policy: 'alpha', version: '2.1.0' }))).toBe('409 not-approved');
    expect(await answer(post(signedIn('cy@fixture.example'), { policy: 'alpha', version: '2.0.0' }))).toBe('403 not-on-staff');
    expect(await answer(post(eve, { policy: '../x', version: '2.0.0' }))).toBe('400 bad-request');
    expect(await answer(raw(server.url, '/api/ack', { method: 'POST', headers: { ...eve, 'Content-Type': 'application/json' }, body: '{"policy":' }))).toBe('400 bad-json');
    expect(await answer(raw(server.url, '/api/ack', { method: 'POST', headers: { ...eve, 'Content-Type': 'application/json' }, body: `{"policy":"alpha","x":"${'a'.repeat(5000)}"}` }))).toBe('413 too-large');
    expect(await answer(raw(server.url, '/api/ack', { method: 'GET', headers: eve }))).toBe('405 method-not-allowed');
    const first = await post(eve, { policy: 'alpha', version: '2.0.0' });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({
      recorded: true,
      acknowledgement: { person: 'eve', policy: 'alpha', version: '2.0.0', at: '2026-11-25T12:00:00Z', seq: 1 },
      status: { policy: 'alpha', state: 'acknowledged', acknowledged: { version: '2.0.0', at: '2026-11-25T12:00:00Z' } },
    });
    expect(await answer(post(eve, { policy: 'alpha', version: '2.0.0' }))).toBe('200 recorded=false');
    const records = parseLedger(LEDGER, readFileSync(path.join(repo.dir, LEDGER)), ACKS_LEDGER);
    expect(records.diagnostics).toEqual([]);
    expect(records.entries.map((e) => e.record)).toEqual([expect.objectContaining({ person: 'eve', policy: 'alpha', version: '2.0.0', source: 'portal', identity: 'eve@fixture.example' })]);
  });

  it('sees what other processes appended meanwhile: a repeat of a `precept ack` is not written again', async () => {
    expect((await runCli(['ack', 'beta', '--as', 'ada', '--root', repo.dir], { now })).stdout).toMatch(/^Recorded: ada acknowledged beta 1\.0\.0/);
    expect(await answer(post(signedIn('ada@fixture.example'), { policy: 'beta', version: '1.0.0' }))).toBe('200 recorded=false');
    const records = parseLedger(LEDGER, readFileSync(path.join(repo.dir, LEDGER)), ACKS_LEDGER).entries.map((e) => e.record);
    expect(records.filter((r) => r.person === 'ada' && r.policy === 'beta')).toEqual([expect.objectContaining({ source: 'cli' })]);
    const next = await post(signedIn('fay.newhire@FIXTURE.example'), { policy: 'alpha', version: '2.0.0' });
    expect(JSON.parse(next.body).acknowledgement.seq).toBe(records.length + 1);
  });

  it('refuses cross-site posts: a form (not JSON), a foreign Origin, Sec-Fetch-Site: cross-site', async () => {
    const bob = signedIn('bob@fixture.example');
    const form = await raw(server.url, '/api/ack', { method: 'POST', headers: { ...bob, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'policy=alpha&version=2.0.0' });
    expect(form.status).toBe(415);
    expect(await answer(post({ ...bob, Origin: 'https://evil.example' }, { policy: 'alpha', version: '2.0.0' }))).toBe('403 cross-site');
    expect(await answer(post({ ...bob, Origin: 'null' }, { policy: 'alpha', version: '2.0.0' }))).toBe('403 cross-site');
    expect(await answer(post({ ...bob, 'Sec-Fetch-Site': 'cross-site' }, { policy: 'alpha', version: '2.0.0' }))).toBe('403 cross-site');
    // Behind the proxy the browser's origin is the portal's public address, which the proxy forwards.
    expect(await answer(post({ ...bob, Origin: 'https://policies.fixture.example', 'X-Forwarded-Host': 'portal.evil.example' }, { policy: 'alpha', version: '2.0.0' }))).toBe('403 cross-site');
    expect(await answer(post({ ...signedIn('ada@fixture.example'), Origin: 'https://policies.fixture.example', 'X-Forwarded-Host': 'policies.fixture.example' }, { policy: 'alpha', version: '2.0.0' }))).toBe('200 recorded=true');
    const host = new URL(server.url).host;
    expect(await answer(post({ ...bob, Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' }, { policy: 'alpha', version: '2.0.0' }))).toBe('200 recorded=true');
  });
});

describe('starting', () => {
  it('repairs a torn last line with a warning, and hides the button without a proxy secret', async () => {
    const other = await ackOrg();
    await runCli(['ack', 'alpha', '--as', 'ada', '--root', other.dir], { now });
    const file = path.join(other.dir, LEDGER);
    appendFileSync(file, '{"at":"2026-11-25T12:00:01Z","contentHash":"sha');
    const run = await startServe(['--root', other.dir, '--out', out], { now });
    try {
      expect(run.stderr()).toContain('warning: removed an incomplete line 2 (47 bytes) from records/acknowledgements.jsonl, left by an interrupted append: "{\\"at\\":\\"2026-11-25T12:00:01Z\\",\\"contentHash\\":\\"sha"\n');
      expect(run.stderr()).toContain('warning: no proxy secret in $PRECEPT_PROXY_SECRET: nobody can be signed in, so the portal hides the acknowledgement button');
      expect(parseLedger(LEDGER, readFileSync(file), ACKS_LEDGER)).toMatchObject({ lines: 1, diagnostics: [], torn: undefined });
      expect((await raw(run.url, '/api/me', { headers: { 'X-Forwarded-Email': 'ada@fixture.example' } })).status).toBe(401);
    } finally {
      expect(await run.stop()).toBe(0);
    }
  });

  it('refuses --dev-user on an address other machines can reach, and a missing site', async () => {
    const dev = await runCli(['serve', '--root', repo.dir, '--out', out, '--host', '0.0.0.0', '--dev-user', 'ada']);
    expect([dev.code, dev.stderr.split('\n')[0]]).toEqual([2, 'precept serve: --dev-user trusts everyone who connects as ada; it only works with a loopback --host (127.0.0.1), not 0.0.0.0']);
    const none = await runCli(['serve', '--root', repo.dir, '--out', path.join(out, 'nowhere')]);
    expect([none.code, none.stderr]).toEqual([2, `precept serve: no built site at ${path.join(out, 'nowhere', 'site')}: run \`precept build\` first, or pass --out\n`]);
  });
});
