/**
 * deploy/: the systemd unit passes `systemd-analyze verify` (where systemd is installed), and
 * the container's entrypoint script, run as a container would run it (docker itself is not
 * available here), clones the repo, sets up the merge driver, serves, reloads on SIGHUP, and on
 * SIGTERM drains and pushes the last records.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOAD_SECRET, loadEmail } from './helpers/load-org.js';
import { BIN, PROJECT_ROOT } from './helpers/paths.js';
import { fakeSite, raw } from './helpers/serve.js';
import { git, syncOrg } from './helpers/sync-org.js';

const UNIT = path.join(PROJECT_ROOT, 'deploy', 'precept-serve.service');
const ENTRYPOINT = path.join(PROJECT_ROOT, 'deploy', 'entrypoint.sh');
const hasSystemd = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('the systemd unit', () => {
  it('reloads with SIGHUP, stops with SIGTERM and runs precept serve --sync', () => {
    const unit = readFileSync(UNIT, 'utf8');
    expect(unit).toMatch(/^ExecReload=\/bin\/kill -HUP \$MAINPID$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^ExecStart=\S+ \S+precept\.js serve --root \/srv\/policies --host 127\.0\.0\.1 --port 8080 --sync$/m);
  });

  it.skipIf(!hasSystemd)('passes systemd-analyze verify', () => {
    const result = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, '']);
  });
});

describe('the container entrypoint', () => {
  it('refuses to start without a clone or a repo to clone', () => {
    const result = spawnSync('sh', [ENTRYPOINT], { encoding: 'utf8', env: { PATH: process.env.PATH, PRECEPT_ROOT: path.join(mkdtempSync(path.join(os.tmpdir(), 'precept-ep-')), 'clone') } });
    expect([result.status, result.stderr]).toEqual([2, expect.stringMatching(/is not a git clone and PRECEPT_REPO is not set\n$/)]);
  });

  it('clones, sets up the merge driver, serves, reloads on SIGHUP, and on SIGTERM pushes the last records', async () => {
    const org = await syncOrg(5, 3600);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'precept-ep-')), 'clone');
    const child = spawn('sh', [ENTRYPOINT], {
      env: {
        PATH: process.env.PATH, HOME: os.tmpdir(), GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1',
        PRECEPT_REPO: org.remote, PRECEPT_ROOT: root, PRECEPT_OUT: out, PRECEPT_PORT: '0',
        PRECEPT_BIN: `${process.execPath} ${BIN}`, PRECEPT_PROXY_SECRET: LOAD_SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines: ((line: Record<string, unknown>) => void)[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /at (http:\/\/\S+\/)/.exec(stdout);
        if (m) resolve(m[1]!.replace('0.0.0.0', '127.0.0.1'));
        for (const line of c.toString().split('\n').filter((l) => l.startsWith('{'))) for (const l of lines) l(JSON.parse(line) as Record<string, unknown>);
      });
      void exited.then((code) => reject(new Error(`entrypoint exited ${code}: ${stderr}`)));
    });
    expect(git(root, 'config', '--get', 'merge.precept-ledger.driver')).toMatch(/ledger merge %O %A %B %P/);
    const ack = await raw(url, '/api/ack', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-Email': loadEmail(1), 'X-Precept-Proxy-Secret': LOAD_SECRET }, body: '{"policy":"alpha","version":"1.0.0"}' });
    expect(ack.status).toBe(200);
    const reloaded = new Promise((resolve) => lines.push((e) => e.event === 'reload' && resolve(e)));
    child.kill('SIGHUP');
    expect(await reloaded).toMatchObject({ outcome: 'reloaded' });
    expect(JSON.parse((await raw(url, '/healthz')).body)).toMatchObject({ status: 'ok', ready: true });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/"event":"sync","outcome":"pushed","commit":"[0-9a-f]{40}","records":1/);
    expect(execFileSync('git', ['show', 'main:records/acknowledgements.jsonl'], { cwd: org.remote, encoding: 'utf8' })).toContain('"person":"p1"');
  });
});
