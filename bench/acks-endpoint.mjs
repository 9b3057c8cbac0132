#!/usr/bin/env node
// Benchmark: acknowledgements per second through `precept serve` (the real binary), driven by
// autocannon over loopback: 200 connections, one acknowledgement per distinct person, every
// answer 200 only once the record is fsynced (group commit). Checks afterwards that the ledger
// verifies and holds each acknowledged person exactly once.
//
//   npm run build && node bench/acks-endpoint.mjs [--people 20000] [--connections 200]
//   node bench/acks-endpoint.mjs --sync [--runs 3]: the same with precept serve --sync pushing to a
//   local bare repository every 0.5 s, alternating with runs without it; compares the p99s.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { BIN, ROOT, record } from './lib.mjs';

const { values } = parseArgs({ options: { people: { type: 'string', default: '20000' }, connections: { type: 'string', default: '200' }, sync: { type: 'boolean', default: false }, runs: { type: 'string', default: '3' } } });
const N = Number(values.people);
const connections = Number(values.connections);
const SECRET = 'bench-proxy-secret-0123456789abcdef';
const { parseLedger } = await import(pathToFileURL(path.join(ROOT, 'lib', 'records', 'ledger', 'parse.js')).href);
const { ACKS_LEDGER } = await import(pathToFileURL(path.join(ROOT, 'lib', 'records', 'ledger', 'registry.js')).href);

// Every folder made, removed when the bench ends.
const made = [];
process.on('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix) => {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
};

/** A fresh repo with N people and one policy in force for all of them; with `sync`, a bare remote and the server's clone. */
function makeRepo(sync) {
  const dir = tempDir('precept-bench-endpoint-');
  mkdirSync(path.join(dir, 'policies'));
  const syncConfig = sync ? 'server:\n  sync:\n    interval: 0.5\n' : '';
  writeFileSync(path.join(dir, 'precept.config.yaml'), `organization:\n  name: Bench Corp\n  slug: bench\n${syncConfig}`);
  const roster = ['groups:', '  - id: all-staff', '    name: All staff', '    everyone: true', 'people:'];
  for (let i = 0; i < N; i++) roster.push(`  - id: p${i}`, `    name: Person ${i}`, `    email: p${i}@bench.example`);
  writeFileSync(path.join(dir, 'people.yaml'), `${roster.join('\n')}\n`);
  writeFileSync(path.join(dir, 'policies', 'alpha.md'), `---
id: alpha
title: Alpha Policy
version: 1.0.0
status: approved
owner: p0
approvers: [p0]
effective: 2026-01-01
review:
  cycle: annual
audience: [all-staff]
classification: internal
---

Everyone MUST follow this policy.
`);
  const git = (cwd, ...args) => execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'bench org');
  let root = dir;
  let remote;
  if (sync) {
    remote = tempDir('precept-bench-remote-');
    git(remote, 'init', '-q', '--bare', '-b', 'main');
    git(dir, 'push', '-q', remote, 'main');
    root = tempDir('precept-bench-clone-');
    git(root, 'clone', '-q', remote, '.');
  }
  const site = path.join(root, 'out', 'site');
  mkdirSync(site, { recursive: true });
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>Portal</title>');
  return { root, remote };
}

/** One load run against a fresh server; checks the ledger (and, with sync, the remote's) afterwards. */
async function runOnce(sync) {
  const { root, remote } = makeRepo(sync);
  const child = spawn(process.execPath, [BIN, 'serve', '--root', root, '--out', path.join(root, 'out'), '--port', '0', ...(sync ? ['--sync'] : [])], {
    env: { ...process.env, PRECEPT_PROXY_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let syncs = 0;
  const url = await new Promise((resolve, reject) => {
    // The server logs a line per acknowledgement (megabytes per run): each chunk is looked at
    // once, never the whole output again, so this process (autocannon's) does not spend a
    // growing share of the shared CPUs re-reading it. `partial` carries a line split across chunks.
    let partial = '';
    let found = false;
    child.stdout.on('data', (c) => {
      const lines = (partial + c).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        const m = found ? null : /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
        if (m) {
          found = true;
          resolve(m[1]);
        }
        if (line.includes('"event":"sync","outcome":"pushed"')) syncs++;
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  let next = 0;
  const ok = new Set();
  const result = await autocannon({
    url, connections, amount: N,
    requests: [{
      method: 'POST', path: '/api/ack',
      setupRequest: (req) => ({
        ...req,
        headers: { 'content-type': 'application/json', 'x-forwarded-email': `p${next++ % N}@bench.example`, 'x-precept-proxy-secret': SECRET },
        body: '{"policy":"alpha","version":"1.0.0"}',
      }),
      onResponse: (status, body) => { if (status === 200) ok.add(JSON.parse(body).acknowledgement.person); },
    }],
  });
  const pushedDuringLoad = syncs;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  const bytes = sync ? execFileSync('git', ['show', 'main:records/acknowledgements.jsonl'], { cwd: remote, maxBuffer: 1 << 30 }) : readFileSync(path.join(root, 'records', 'acknowledgements.jsonl'));
  const ledger = parseLedger('records/acknowledgements.jsonl', bytes, ACKS_LEDGER);
  const people = ledger.entries.map((e) => e.record.person);
  const held = new Set(people);
  if (ledger.diagnostics.length || held.size !== people.length || [...ok].some((p) => !held.has(p)) || people.length !== ok.size) {
    throw new Error(`ledger check failed: ${ledger.diagnostics.length} problems, ${people.length} records, ${ok.size} answered 200`);
  }
  return { result, ok: ok.size, pushedDuringLoad };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!values.sync) {
  const { result, ok } = await runOnce(false);
  const rate = Math.round(ok / (result.duration));
  record(`serve POST /api/ack, ${connections} connections, ${N} distinct people`,
    `${rate} acknowledgements/s (${ok} answered 200 in ${result.duration.toFixed(1)} s, ${result.non2xx} non-2xx, ${result.errors} errors), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; every 200 fsynced and in the ledger once, chain verified`);
} else {
  const runs = Number(values.runs);
  const plain = [];
  const synced = [];
  let pushes = 0;
  for (let i = 0; i < runs; i++) {
    // Alternating, so a busier minute on the shared machine weighs on both.
    plain.push((await runOnce(false)).result);
    const s = await runOnce(true);
    synced.push(s.result);
    pushes += s.pushedDuringLoad;
  }
  const p99 = (rs) => median(rs.map((r) => r.latency.p99));
  const p50 = (rs) => median(rs.map((r) => r.latency.p50));
  const rate = (rs) => median(rs.map((r) => Math.round(r['2xx'] / r.duration)));
  const added = ((p99(synced) / p99(plain) - 1) * 100).toFixed(1);
  record(`serve POST /api/ack with --sync (every 0.5 s to a local bare repository), ${connections} connections, ${N} distinct people, ${runs} runs each way alternating`,
    `p99 ${p99(synced)} ms with sync vs ${p99(plain)} ms without (${added >= 0 ? '+' : ''}${added}%; target at most +10%), p50 ${p50(synced)} vs ${p50(plain)} ms, ${rate(synced)} vs ${rate(plain)} acknowledgements/s; ${pushes} pushes during the loads; every 200 in the remote's ledger once, chain verified`);
}
