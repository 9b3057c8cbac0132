/**
 * precept serve (the real binary) under load from autocannon: 200 connections, thousands of
 * acknowledgements from distinct people. Every 200 is in the ledger exactly once and the chain
 * verifies; killed with SIGKILL mid-load and restarted, nothing answered 200 is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import { LOAD_SECRET, loadEmail, loadOrg } from './helpers/load-org.js';
import { BIN } from './helpers/paths.js';
import { fakeSite } from './helpers/serve.js';

const LEDGER = 'records/acknowledgements.jsonl';
const PEOPLE = 3300;

interface Server {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts `node lib/cli/bin/precept.js serve` on a free loopback port. */
async function spawnServe(root: string, out: string): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', '--root', root, '--out', out, '--port', '0'], {
    env: { ...process.env, NO_COLOR: '1', PRECEPT_PROXY_SECRET: LOAD_SECRET }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

/**
 * Drives POST /api/ack with one distinct person per request; `onOk` hears the person of every
 * 200. Returns the running autocannon instance.
 */
function load(url: string, amount: number, onOk: (person: string) => void) {
  let next = 0;
  return autocannon({
    url, connections: 200, amount, timeout: 20,
    requests: [{
      method: 'POST', path: '/api/ack',
      setupRequest: (request) => ({
        ...request,
        headers: { 'content-type': 'application/json', 'x-forwarded-email': loadEmail(next++ % PEOPLE), 'x-precept-proxy-secret': LOAD_SECRET },
        body: '{"policy":"alpha","version":"1.0.0"}',
      }),
      onResponse: (status, body) => {
        if (status === 200) onOk((JSON.parse(body) as { acknowledgement: { person: string } }).acknowledgement.person);
      },
    }],
  });
}

/** The ledger's people, checked: verifies, and nobody twice. */
function ledgerPeople(root: string): string[] {
  const parsed = parseLedger(LEDGER, readFileSync(path.join(root, LEDGER)), ACKS_LEDGER);
  expect(parsed.diagnostics).toEqual([]);
  const people = parsed.entries.map((e) => e.record.person);
  expect(new Set(people).size).toBe(people.length);
  return people;
}

describe('precept serve under load', () => {
  it('records every acknowledgement answered 200 exactly once, with the chain intact', async () => {
    const repo = await loadOrg(PEOPLE);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const server = await spawnServe(repo.dir, out);
    try {
      const ok: string[] = [];
      const result = await load(server.url, 3000, (p) => ok.push(p));
      expect(result.errors).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(ok.length).toBe(3000);
      const people = ledgerPeople(repo.dir);
      expect(people.length).toBe(3000);
      expect(new Set(people)).toEqual(new Set(ok));
      // A second round from the same people: all 200, nothing written twice.
      const again: string[] = [];
      await load(server.url, 400, (p) => again.push(p));
      expect(again.length).toBe(400);
      expect(ledgerPeople(repo.dir).length).toBe(3000);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('killed with SIGKILL mid-load and restarted: the ledger verifies (a torn line is cut with a warning) and every 200 is there', async () => {
    const repo = await loadOrg(PEOPLE);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const server = await spawnServe(repo.dir, out);
    const ok = new Set<string>();
    let killed = false;
    const run = load(server.url, 3300, (p) => {
      if (killed) return;
      ok.add(p);
      if (ok.size === 1200) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    });
    await server.exited;
    run.stop();
    await run;
    expect(killed).toBe(true);
    const file = path.join(repo.dir, LEDGER);
    const bytes = readFileSync(file);
    // A kill rarely lands inside write(2); when it did not, leave what an interrupted append leaves.
    const tornByKill = bytes[bytes.length - 1] !== 10;
    if (!tornByKill) appendFileSync(file, '{"at":"2026-11-25T12:00:00Z","contentHash":"sha256:0123');
    const restarted = await spawnServe(repo.dir, out);
    try {
      expect(restarted.stderr()).toMatch(/^warning: removed an incomplete line \d+ \(\d+ bytes\) from records\/acknowledgements\.jsonl, left by an interrupted append: /m);
      const people = new Set(ledgerPeople(repo.dir));
      const lost = [...ok].filter((p) => !people.has(p));
      expect(lost).toEqual([]);
      // And it takes acknowledgements again.
      const after: string[] = [];
      await load(restarted.url, 200, (p) => after.push(p));
      expect(after.length).toBe(200);
      ledgerPeople(repo.dir);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});
