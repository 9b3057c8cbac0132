/**
 * precept serve --sync in-process: records committed (only records/, with the configured
 * author) and pushed; another clone's pushes re-chained onto, the clone moved on; reload picks
 * up what the sync brought; /healthz and the JSON log; a last sync on stop.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import { LOAD_SECRET, loadEmail } from './helpers/load-org.js';
import { runCli } from './helpers/run-cli.js';
import { fakeSite, raw, startServe } from './helpers/serve.js';
import { git, syncOrg } from './helpers/sync-org.js';

const LEDGER = 'records/acknowledgements.jsonl';
const signedIn = (n: number | string) => ({ 'Content-Type': 'application/json', 'X-Forwarded-Email': typeof n === 'number' ? loadEmail(n) : n, 'X-Precept-Proxy-Secret': LOAD_SECRET });
const ackAs = (url: string, n: number | string) => raw(url, '/api/ack', { method: 'POST', headers: signedIn(n), body: '{"policy":"alpha","version":"1.0.0"}' });

/** The ledger committed on the remote's main: verified, its people in order. */
function remotePeople(remote: string): string[] {
  const bytes = Buffer.from(git(remote, 'show', `main:${LEDGER}`));
  const parsed = parseLedger(LEDGER, bytes, ACKS_LEDGER);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.entries.map((e) => e.record.person);
}

const syncLine = (outcome: string) => (line: string) => line.startsWith('{') && JSON.parse(line).event === 'sync' && JSON.parse(line).outcome === outcome;

describe('precept serve --sync', () => {
  it('pushes what it records, re-chains onto another clone\'s pushes, follows the remote, and reloads what it brought', async () => {
    const org = await syncOrg(8, 3600);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const server = await startServe(['--root', org.server, '--out', out, '--sync'], { env: { PRECEPT_PROXY_SECRET: LOAD_SECRET } });
    try {
      // The first sync runs at start: nothing to push yet.
      await server.waitFor(syncLine('up-to-date'));
      for (const n of [1, 2, 3]) expect((await ackAs(server.url, n)).status).toBe(200);
      // Syncs run every hour here: the next one is the last, on stop.
      const health = JSON.parse((await raw(server.url, '/healthz')).body);
      expect(health).toMatchObject({ status: 'ok', ready: true, ledger: { file: LEDGER, intact: true, records: 3 }, sync: { remote: 'origin', branch: 'main', lastError: null } });
      expect(health.sync.lastSuccess).toEqual(expect.any(String));

      // Another clone imports acknowledgements (one repeats p2's), changes the roster, and pushes first.
      const other = org.clone();
      writeFileSync(path.join(other, 'lms.csv'), `Email,Policy,Version,Acknowledged at\n${loadEmail(2)},alpha,1.0.0,2026-03-01T09:00:00Z\n${loadEmail(5)},alpha,1.0.0,2026-03-02T09:00:00Z\n`);
      const imported = await runCli(['acks', 'import', 'lms.csv', '--root', other], { cwd: other });
      expect(imported.code, imported.stderr).toBe(0);
      const people = path.join(other, 'people.yaml');
      writeFileSync(people, `${readFileSync(people, 'utf8')}  - id: newbie\n    name: New Person\n    email: newbie@load.example\n`);
      git(other, 'add', 'records', 'people.yaml');
      git(other, 'commit', '-qm', 'LMS import, a new joiner');
      git(other, 'push', '-q', 'origin', 'main');
      expect((await ackAs(server.url, 'newbie@load.example')).status).toBe(403);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // The last sync on stop: fetched the other clone's push, re-chained p1 and p3 after it (p2's import came first), pushed.
    const pushed = server.stdout().split('\n').filter((l) => l.startsWith('{') && JSON.parse(l).event === 'sync').map((l) => JSON.parse(l)).at(-1);
    expect(pushed).toMatchObject({ outcome: 'pushed', records: 2 });
    expect(remotePeople(org.remote)).toEqual(['p2', 'p5', 'p1', 'p3']);
    const log = git(org.remote, 'log', '--format=%an <%ae>|%s', '-3', 'main').trim().split('\n');
    expect(log[0]).toBe('Policy Portal <portal@load.example>|Record 2 acknowledgements from the portal');
    expect(git(org.remote, 'show', '--name-only', '--format=', 'main').trim()).toBe(LEDGER);
    // The server's clone moved onto the remote: same commit, the other clone's roster in its files, nothing staged.
    expect(git(org.server, 'rev-parse', 'HEAD')).toBe(git(org.remote, 'rev-parse', 'main'));
    expect(readFileSync(path.join(org.server, 'people.yaml'), 'utf8')).toContain('newbie@load.example');
    expect(git(org.server, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect((await runCli(['ledger', 'verify', '--root', org.server])).code).toBe(0);

    // Restarted, it serves the clone as the sync left it; a reload is what brings in the new joiner while running.
    const again = await startServe(['--root', org.server, '--out', out, '--sync'], { env: { PRECEPT_PROXY_SECRET: LOAD_SECRET } });
    try {
      expect((await ackAs(again.url, 'newbie@load.example')).status).toBe(200);
      const repeat = JSON.parse((await ackAs(again.url, 2)).body);
      expect(repeat).toMatchObject({ recorded: false, acknowledgement: { person: 'p2', at: '2026-03-01T09:00:00Z' } });
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(remotePeople(org.remote)).toEqual(['p2', 'p5', 'p1', 'p3', 'newbie']);
    // The log names people by id and never carries the secret or an identity header's value.
    const logged = server.stdout() + again.stdout();
    expect(logged).toMatch(/"event":"ack","person":"p1","policy":"alpha","version":"1.0.0","recorded":true/);
    expect(logged).not.toContain(LOAD_SECRET);
    expect(logged).not.toContain('@load.example');
  });

  it('reloads on POST /api/reload with the proxy secret only, and keeps the old state when the new one fails', async () => {
    const org = await syncOrg(4, 3600);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Build 1</title>' });
    const server = await startServe(['--root', org.server, '--out', out], { env: { PRECEPT_PROXY_SECRET: LOAD_SECRET } });
    try {
      const post = (headers: Record<string, string>) => raw(server.url, '/api/reload', { method: 'POST', headers });
      expect((await post({})).status).toBe(401);
      expect((await post({ 'X-Precept-Proxy-Secret': 'wrong' })).status).toBe(401);
      expect((await post({ 'X-Precept-Proxy-Secret': LOAD_SECRET, Origin: 'https://evil.example' })).status).toBe(403);
      const people = path.join(org.server, 'people.yaml');
      writeFileSync(people, `${readFileSync(people, 'utf8')}  - id: newbie\n    name: New Person\n    email: newbie@load.example\n`);
      writeFileSync(path.join(out, 'site', 'index.html'), '<!doctype html><title>Build 2</title>');
      expect((await ackAs(server.url, 'newbie@load.example')).status).toBe(403);
      const done = await post({ 'X-Precept-Proxy-Secret': LOAD_SECRET });
      expect([done.status, JSON.parse(done.body)]).toEqual([200, expect.objectContaining({ reloaded: true, policies: 1, people: 5 })]);
      expect((await ackAs(server.url, 'newbie@load.example')).status).toBe(200);
      // A broken roster: the reload fails, and the server goes on with what it had.
      writeFileSync(people, 'people: [\n');
      const failed = await post({ 'X-Precept-Proxy-Secret': LOAD_SECRET });
      expect(failed.status).toBe(500);
      expect((await ackAs(server.url, 1)).status).toBe(200);
      expect(JSON.parse((await raw(server.url, '/healthz')).body).state).toMatchObject({ reloads: 1, lastReloadError: expect.any(String) });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe('sync errors', () => {
  it('never carry the credentials a remote URL holds', async () => {
    const { withoutCredentials } = await import('../src/server/sync/sync.js');
    expect(withoutCredentials("git push failed: fatal: unable to access 'https://portal:ghp_s3cret@github.com/acme/policies.git/': 403"))
      .toBe("git push failed: fatal: unable to access 'https://***@github.com/acme/policies.git/': 403");
    expect(withoutCredentials('ssh://git@host/repo and http://host/x')).toBe('ssh://***@host/repo and http://host/x');
  });
});
