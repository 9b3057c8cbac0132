#!/usr/bin/env node
// Benchmark: the ledger machinery (lib/records/ledger). Durable appends one record at a time from one
// process and from several at once (each append: lock file, tail read, one write, fsync), a
// batch append, and verifying a large ledger.
//
//   npm run build && node bench/ledger.mjs [--records 1000] [--writers 4] [--verify 100000] [--runs 21] [--lib DIR]
//
// A batch takes a few milliseconds, so that case is the median of --runs batches (each into a new
// ledger), with this process's CPU time beside it; the 4-writer and verify cases are medians of 3.
// --lib measures another build's lib/ (an older checkout's, whose ledger code sat in lib/ledger)
// with this same script: run it alternately with and without, in one session, to compare.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ROOT, median, record } from './lib.mjs';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000' }, writers: { type: 'string', default: '4' }, verify: { type: 'string', default: '100000' }, runs: { type: 'string', default: '21' }, lib: { type: 'string' } } });
const n = Number(values.records);
const writers = Number(values.writers);
const runs = Number(values.runs);
const lib = path.resolve(values.lib ?? path.join(ROOT, 'lib'));
const ledgerDir = existsSync(path.join(lib, 'records', 'ledger')) ? path.join(lib, 'records', 'ledger') : path.join(lib, 'ledger');
const dist = (f) => pathToFileURL(path.join(ledgerDir, f)).href;
const label = values.lib ? `[${lib}] ` : '';
const { appendRecords } = await import(dist('append.js'));
const { parseLedger } = await import(dist('parse.js'));
const { APPROVALS_LEDGER } = await import(dist('registry.js'));
const { GENESIS, lineHash, serializeRecord } = await import(dist('chain.js'));
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const sample = (i, who = 'w') => ({ policy: 'access-control', version: '2.1.1', contentHash: `sha256:${'a'.repeat(64)}`, approver: 'dpatel',
  decision: 'approved', at: '2026-11-25T12:00:00Z', source: 'github:acme/policies#42', commit: 'b'.repeat(40), review: 1000 + i, note: `${who}:${i}` });
// Each run's ledger in a folder of its own, all removed when the bench ends (dozens a run).
const made = [];
process.on('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tmp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'precept-bench-ledger-'));
  made.push(dir);
  return path.join(dir, 'records', 'approvals.jsonl');
};
const verify = (file) => parseLedger('records/approvals.jsonl', readFileSync(file), APPROVALS_LEDGER);

// 1. One process, one durable append per record.
let file = tmp();
let t0 = performance.now();
for (let i = 0; i < n; i++) await appendRecords(file, APPROVALS_LEDGER, [sample(i)]);
let ms = performance.now() - t0;
if (verify(file).diagnostics.length) throw new Error('sequential ledger does not verify');
record(`${label}ledger append, 1 process, ${n} records one at a time`, `${Math.round(n / (ms / 1000))} records/s (${(ms / n).toFixed(2)} ms per append, fsync each)`);

// 2. Several processes appending at once (median of 3 rounds, each into a new ledger).
const per = Math.ceil(n / writers);
const script = `const { appendRecords } = await import(${JSON.stringify(dist('append.js'))});
const { APPROVALS_LEDGER } = await import(${JSON.stringify(dist('registry.js'))});
const [file, who, count] = process.argv.slice(1);
for (let i = 0; i < Number(count); i++) await appendRecords(file, APPROVALS_LEDGER, [{ policy: 'p', version: '1.0.0', contentHash: 'sha256:${'c'.repeat(64)}', approver: 'x', decision: 'approved', at: '2026-11-25T12:00:00Z', source: 'cli', note: who + ':' + i }]);`;
const rounds = [];
for (let round = 0; round < 3; round++) {
  file = tmp();
  await appendRecords(file, APPROVALS_LEDGER, [sample(0, 'seed')]);
  t0 = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, file, `w${w}`, String(per)], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${w} exited ${code}`))));
  })));
  rounds.push(performance.now() - t0);
  const parsed = verify(file);
  const notes = new Set(parsed.entries.map((e) => e.record.note));
  if (parsed.diagnostics.length || notes.size !== writers * per + 1) throw new Error(`concurrent ledger: ${parsed.diagnostics.length} problems, ${notes.size} distinct records`);
}
ms = median(rounds);
record(`${label}ledger append, ${writers} processes at once, ${per} records each`, `${Math.round((writers * per) / (ms / 1000))} records/s total (median of 3 rounds), ${writers * per + 1} records each round, none lost, chain intact (wall time includes ${writers} Node start-ups)`);

// 3. One append of a batch: the median of `runs` batches, each into a new ledger.
const walls = [];
const cpus = [];
for (let r = 0; r < runs; r++) {
  file = tmp();
  const c0 = cpuMs();
  t0 = performance.now();
  await appendRecords(file, APPROVALS_LEDGER, Array.from({ length: n }, (_, i) => sample(i)));
  walls.push(performance.now() - t0);
  cpus.push(cpuMs() - c0);
}
if (verify(file).entries.length !== n) throw new Error('batch ledger does not verify');
ms = median(walls);
record(`${label}ledger append, one batch of ${n} records`, `${ms.toFixed(1)} ms (${Math.round(n / (ms / 1000))} records/s; median of ${runs} batches, CPU ${median(cpus).toFixed(1)} ms)`);

// 4. Verifying a large ledger (written directly: chaining is what is measured, not appending).
const big = Number(values.verify);
file = tmp();
let prev = GENESIS;
const lines = [];
for (let i = 0; i < big; i++) {
  const line = serializeRecord({ ...sample(i), seq: i + 1, prev });
  lines.push(line);
  prev = lineHash(line);
}
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${lines.join('\n')}\n`);
const verifyTimes = [];
let result;
for (let round = 0; round < 3; round++) {
  t0 = performance.now();
  result = verify(file);
  verifyTimes.push(performance.now() - t0);
}
ms = median(verifyTimes);
if (result.diagnostics.length || result.entries.length !== big) throw new Error('big ledger does not verify');
const mb = (readFileSync(file).length / 2 ** 20).toFixed(1);
record(`${label}ledger verify, ${big} records (${mb} MiB)`, `${ms.toFixed(0)} ms (${Math.round(big / (ms / 1000))} records/s, median of 3: UTF-8, JSON, schema, canonical form, seq and SHA-256 chain)`);
