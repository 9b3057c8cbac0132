#!/usr/bin/env node
// Benchmark: acknowledgements per second through `precept serve` (the real binary), driven by
// autocannon over loopback: 200 connections, one acknowledgement per distinct person, every
// answer 200 only once the record is fsynced (group commit). Checks afterwards that the ledger
// verifies and holds each acknowledged person exactly once.
//
//   npm run build && node bench/acks-endpoint.mjs [--people 20000] [--connections 200]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { BIN, ROOT, record } from './lib.mjs';

const { values } = parseArgs({ options: { people: { type: 'string', default: '20000' }, connections: { type: 'string', default: '200' } } });
const N = Number(values.people);
const connections = Number(values.connections);
const SECRET = 'bench-proxy-secret-0123456789abcdef';
const { parseLedger } = await import(pathToFileURL(path.join(ROOT, 'lib', 'records', 'ledger', 'parse.js')).href);
const { ACKS_LEDGER } = await import(pathToFileURL(path.join(ROOT, 'lib', 'records', 'ledger', 'registry.js')).href);

// A repo with N people and one policy in force for all of them.
const dir = mkdtempSync(path.join(os.tmpdir(), 'precept-bench-endpoint-'));
mkdirSync(path.join(dir, 'policies'));
writeFileSync(path.join(dir, 'precept.config.yaml'), 'organization:\n  name: Bench Corp\n  slug: bench\n');
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
const git = (...args) => execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-qm', 'bench org');
const site = path.join(dir, 'out', 'site');
mkdirSync(site, { recursive: true });
writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>Portal</title>');

const child = spawn(process.execPath, [BIN, 'serve', '--root', dir, '--out', path.join(dir, 'out'), '--port', '0'], {
  env: { ...process.env, PRECEPT_PROXY_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
    const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
    if (m) resolve(m[1]);
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
child.kill('SIGTERM');
await new Promise((resolve) => child.on('exit', resolve));

const ledger = parseLedger('records/acknowledgements.jsonl', readFileSync(path.join(dir, 'records', 'acknowledgements.jsonl')), ACKS_LEDGER);
const people = ledger.entries.map((e) => e.record.person);
if (ledger.diagnostics.length || new Set(people).size !== people.length || [...ok].some((p) => !people.includes(p)) || people.length !== ok.size) {
  throw new Error(`ledger check failed: ${ledger.diagnostics.length} problems, ${people.length} records, ${ok.size} answered 200`);
}
const rate = Math.round(ok.size / (result.duration));
record(`serve POST /api/ack, ${connections} connections, ${N} distinct people`,
  `${rate} acknowledgements/s (${ok.size} answered 200 in ${result.duration.toFixed(1)} s, ${result.non2xx} non-2xx, ${result.errors} errors), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; every 200 fsynced and in the ledger once, chain verified`);
