#!/usr/bin/env node
// Benchmark: the ledger machinery (lib/records/ledger). Durable appends one record at a time from one
// process and from several at once (each append: lock file, tail read, one write, fsync), a
// batch append, and verifying a large ledger.
//
//   npm run build && node bench/ledger.mjs [--records 1000] [--writers 4] [--verify 100000]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ROOT, record } from './lib.mjs';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000' }, writers: { type: 'string', default: '4' }, verify: { type: 'string', default: '100000' } } });
const n = Number(values.records);
const writers = Number(values.writers);
const dist = (f) => pathToFileURL(path.join(ROOT, 'lib', 'records', 'ledger', f)).href;
const { appendRecords } = await import(dist('append.js'));
const { parseLedger } = await import(dist('parse.js'));
const { APPROVALS_LEDGER } = await import(dist('registry.js'));
const { GENESIS, lineHash, serializeRecord } = await import(dist('chain.js'));

const sample = (i, who = 'w') => ({ policy: 'access-control', version: '2.1.1', contentHash: `sha256:${'a'.repeat(64)}`, approver: 'dpatel',
  decision: 'approved', at: '2026-11-25T12:00:00Z', source: 'github:acme/policies#42', commit: 'b'.repeat(40), review: 1000 + i, note: `${who}:${i}` });
const tmp = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'precept-bench-ledger-')), 'records', 'approvals.jsonl');
const verify = (file) => parseLedger('records/approvals.jsonl', readFileSync(file), APPROVALS_LEDGER);

// 1. One process, one durable append per record.
let file = tmp();
let t0 = performance.now();
for (let i = 0; i < n; i++) await appendRecords(file, APPROVALS_LEDGER, [sample(i)]);
let ms = performance.now() - t0;
if (verify(file).diagnostics.length) throw new Error('sequential ledger does not verify');
record(`ledger append, 1 process, ${n} records one at a time`, `${Math.round(n / (ms / 1000))} records/s (${(ms / n).toFixed(2)} ms per append, fsync each)`);

// 2. Several processes appending at once.
file = tmp();
await appendRecords(file, APPROVALS_LEDGER, [sample(0, 'seed')]);
const per = Math.ceil(n / writers);
const script = `const { appendRecords } = await import(${JSON.stringify(dist('append.js'))});
const { APPROVALS_LEDGER } = await import(${JSON.stringify(dist('registry.js'))});
const [file, who, count] = process.argv.slice(1);
for (let i = 0; i < Number(count); i++) await appendRecords(file, APPROVALS_LEDGER, [{ policy: 'p', version: '1.0.0', contentHash: 'sha256:${'c'.repeat(64)}', approver: 'x', decision: 'approved', at: '2026-11-25T12:00:00Z', source: 'cli', note: who + ':' + i }]);`;
t0 = performance.now();
await Promise.all(Array.from({ length: writers }, (_, w) => new Promise((resolve, reject) => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, file, `w${w}`, String(per)], { stdio: 'inherit' });
  child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${w} exited ${code}`))));
})));
ms = performance.now() - t0;
const parsed = verify(file);
const notes = new Set(parsed.entries.map((e) => e.record.note));
if (parsed.diagnostics.length || notes.size !== writers * per + 1) throw new Error(`concurrent ledger: ${parsed.diagnostics.length} problems, ${notes.size} distinct records`);
record(`ledger append, ${writers} processes at once, ${per} records each`, `${Math.round((writers * per) / (ms / 1000))} records/s total, ${writers * per + 1} records, none lost, chain intact (wall time includes ${writers} Node start-ups)`);

// 3. One append of a batch.
file = tmp();
t0 = performance.now();
await appendRecords(file, APPROVALS_LEDGER, Array.from({ length: n }, (_, i) => sample(i)));
ms = performance.now() - t0;
record(`ledger append, one batch of ${n} records`, `${ms.toFixed(0)} ms (${Math.round(n / (ms / 1000))} records/s)`);

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
t0 = performance.now();
const result = verify(file);
ms = performance.now() - t0;
if (result.diagnostics.length || result.entries.length !== big) throw new Error('big ledger does not verify');
const mb = (readFileSync(file).length / 2 ** 20).toFixed(1);
record(`ledger verify, ${big} records (${mb} MiB)`, `${ms.toFixed(0)} ms (${Math.round(big / (ms / 1000))} records/s: UTF-8, JSON, schema, canonical form, seq and SHA-256 chain)`);
