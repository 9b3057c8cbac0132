/**
 * precept serve --sync (the real binary) under 200 connections: syncing to a bare remote while
 * another clone pushes CSV imports (merging with the driver) and the server reloads; killed
 * between a commit and its push and restarted. Afterwards the remote's ledger verifies and holds
 * every acknowledgement answered 200 exactly once.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import { LOAD_SECRET, loadEmail } from './helpers/load-org.js';
import { BIN } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { fakeSite, raw } from './helpers/serve.js';
import { git, syncOrg } from './helpers/sync-org.js';

const LEDGER = 'records/acknowledgements.jsonl';
const execFileAsync = promisify(execFile);
const PEOPLE = 3000;

interface Server {
  child: ChildProcess;
  url: string;
  /** Resolves with the first JSON log line printed from now on that `match` accepts. */
  next(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function spawnServe(root: string, out: string, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', '--root', root, '--out', out, '--port', '0', '--sync'], {
    env: { ...process.env, NO_COLOR: '1', PRECEPT_PROXY_SECRET: LOAD_SECRET, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { from: number; match: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const lines = stdout.slice(w.from, stdout.lastIndexOf('\n') + 1).split('\n').filter((l) => l.startsWith('{'));
      const hit = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find(w.match);
      if (hit) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  };
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (m) resolve(m[1]!);
      check();
    });
    void exited.then((e) => reject(new Error(`serve exited ${e.code ?? e.signal}: ${stderr}`)));
  });
  return { child, url, exited, next: (match) => new Promise((resolve) => waiters.push({ from: stdout.length, match, resolve })) };
}

/** POST /api/ack at 200 connections, one person per request from `people`; `onOk` hears each 200's person. */
function load(url: string, people: readonly number[], onOk: (person: string) => void) {
  let next = 0;
  return autocannon({
    url, connections: 200, amount: people.length, timeout: 20,
    requests: [{
      method: 'POST', path: '/api/ack',
      setupRequest: (request) => ({
        ...request,
        headers: { 'content-type': 'application/json', 'x-forwarded-email': loadEmail(people[next++ % people.length]!), 'x-precept-proxy-secret': LOAD_SECRET },
        body: '{"policy":"alpha","version":"1.0.0"}',
      }),
      onResponse: (status, body) => {
        if (status === 200) onOk((JSON.parse(body) as { acknowledgement: { person: string } }).acknowledgement.person);
      },
    }],
  });
}

/** The remote's ledger on main, checked: it verifies (also against its history, in a fresh clone) and nobody is in it twice. */
async function remoteLedger(clone: () => string): Promise<string[]> {
  const dir = clone();
  const verify = await runCli(['ledger', 'verify', '--root', dir]);
  expect([verify.code, verify.stderr]).toEqual([0, '']);
  const parsed = parseLedger(LEDGER, Buffer.from(git(dir, 'show', `HEAD:${LEDGER}`)), ACKS_LEDGER);
  expect(parsed.diagnostics).toEqual([]);
  const people = parsed.entries.map((e) => e.record.person);
  expect(new Set(people).size).toBe(people.length);
  return people;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('precept serve --sync under load', () => {
  it('while another clone pushes CSV imports and the server reloads twice: no request fails, and the remote holds every 200 once', async () => {
    const org = await syncOrg(PEOPLE, 0.2);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const server = await spawnServe(org.server, out);
    // The other writer: a clone with the merge driver, importing 3 exports of 100 people each
    // (overlapping the portal's people), pulling (merging with the driver) until its push lands.
    const other = org.clone();
    expect((await runCli(['ledger', 'setup', '--root', other])).code).toBe(0);
    const imported: string[] = [];
    // Its git and precept run as child processes, so the load generator in this process never waits on them.
    const run = (cmd: string, args: string[]) => execFileAsync(cmd, args, { cwd: other, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' } });
    const gitAsync = (...args: string[]) => run('git', ['-c', 'user.name=Test Author', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args]);
    const importer = (async () => {
      for (let round = 0; round < 3; round++) {
        const rows = range(2000 + round * 100, 2100 + round * 100).map((n) => `${loadEmail(n)},alpha,1.0.0,2026-0${round + 3}-01T09:00:00Z`);
        await gitAsync('pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
        writeFileSync(path.join(other, 'lms.csv'), `Email,Policy,Version,Acknowledged at\n${rows.join('\n')}\n`);
        await run(process.execPath, [BIN, 'acks', 'import', 'lms.csv', '--skip-recorded']);
        await gitAsync('add', 'records');
        // Every row may already be on record (the portal was quicker): then there is nothing to push.
        if (!(await gitAsync('status', '--porcelain', '--', 'records')).stdout.trim()) continue;
        await gitAsync('commit', '-qm', `LMS export ${round}`);
        for (let tries = 0; ; tries++) {
          try {
            await gitAsync('push', '-q', 'origin', 'HEAD:main');
            break;
          } catch (error) {
            if (tries > 20) throw error;
            await gitAsync('pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main');
          }
        }
        imported.push(...range(2000 + round * 100, 2100 + round * 100).map((n) => `p${n}`));
      }
    })();
    const ok: string[] = [];
    let reloads = 0;
    const reloaded = server.next((e) => e.event === 'reload' && e.outcome === 'reloaded' && ++reloads === 2);
    const result = await load(server.url, range(0, 2600), (p) => {
      ok.push(p);
      if (ok.length === 800) raw(server.url, '/api/reload', { method: 'POST', headers: { 'X-Precept-Proxy-Secret': LOAD_SECRET } }).catch(() => undefined);
      if (ok.length === 1600) server.child.kill('SIGHUP');
    });
    await importer;
    await reloaded;
    expect([result.errors, result.timeouts, result.non2xx, result['2xx']]).toEqual([0, 0, 0, 2600]);
    expect(ok).toHaveLength(2600);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const people = await remoteLedger(org.clone);
    expect(new Set(people)).toEqual(new Set([...ok, ...imported]));
  }, 300_000);

  it('killed between a commit and its push, restarted: the commit is pushed and nothing answered 200 is lost or doubled', async () => {
    const org = await syncOrg(PEOPLE, 0.2);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const server = await spawnServe(org.server, out, { PRECEPT_SYNC_TEST_CRASH: 'after-commit' });
    const ok = new Set<string>();
    const run = load(server.url, range(0, 3000), (p) => ok.add(p));
    const { signal } = await server.exited;
    run.stop();
    await run;
    expect(signal).toBe('SIGKILL');
    expect(ok.size).toBeGreaterThan(0);
    const local = git(org.server, 'rev-parse', 'HEAD').trim();
    expect(local).not.toBe(git(org.remote, 'rev-parse', 'main').trim());
    const restarted = await spawnServe(org.server, out);
    try {
      const synced = await restarted.next((e) => e.event === 'sync' && e.outcome === 'pushed');
      expect(git(org.remote, 'merge-base', '--is-ancestor', local, 'main')).toBe('');
      expect(synced.records).toEqual(expect.any(Number));
      const after: string[] = [];
      await load(restarted.url, range(2500, 2700), (p) => after.push(p));
      expect(after).toHaveLength(200);
      after.forEach((p) => ok.add(p));
    } finally {
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toEqual({ code: 0, signal: null });
    }
    const people = await remoteLedger(org.clone);
    expect([...ok].filter((p) => !people.includes(p))).toEqual([]);
  }, 300_000);
});
