#!/usr/bin/env node
// Benchmark: `precept acks status` (whole process) for a large organisation: N people (default
// 10,000) x P policies (default 30), every policy for all staff, a third of them already at
// 2.0.0 after a 1.0.0 (MAJOR step in git history), and an acknowledgement ledger of about 85%
// of what is owed (~255,000 records, committed, so the git anchor is checked too).
// Target: under 2 s.
//
//   npm run build && node bench/acks-status.mjs [--people 10000] [--policies 30] [--runs 5]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BIN, ROOT, median, record, timeCommand } from './lib.mjs';

const { values } = parseArgs({ options: { people: { type: 'string', default: '10000' }, policies: { type: 'string', default: '30' }, runs: { type: 'string', default: '5' } } });
const N = Number(values.people);
const P = Number(values.policies);
const { policyContentHash } = await import(pathToFileURL(path.join(ROOT, 'lib', 'repo', 'content-hash', 'content-hash.js')).href);
const { GENESIS, lineHash, serializeRecord } = await import(pathToFileURL(path.join(ROOT, 'lib', 'records', 'ledger', 'chain.js')).href);
const { splitFrontmatter } = await import(pathToFileURL(path.join(ROOT, 'lib', 'repo', 'load', 'frontmatter.js')).href);
const { parse } = await import('yaml');

const dir = mkdtempSync(path.join(os.tmpdir(), 'precept-bench-acks-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const git = (...args) => execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
const commit = (message, date) => git('add', '-A') && execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', 'commit', '-qm', message], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
git('init', '-q', '-b', 'main');
mkdirSync(path.join(dir, 'policies'));
mkdirSync(path.join(dir, 'records'));
writeFileSync(path.join(dir, 'precept.config.yaml'), 'organization:\n  name: Bench Corp\n  slug: bench\n');
const depts = ['engineering', 'sales', 'support', 'operations'];
const roster = ['groups:', '  - id: all-staff', '    name: All staff', '    everyone: true', ...depts.flatMap((d) => [`  - id: ${d}`, `    name: ${d}`]), 'people:'];
const start = (i) => (i % 50 === 0 ? '2026-11-10' : `20${String(15 + (i % 10)).padStart(2, '0')}-0${1 + (i % 9)}-01`);
for (let i = 0; i < N; i++) {
  roster.push(`  - id: person-${i}`, `    name: Person ${i}`, `    email: person-${i}@bench.example`, `    groups: [${depts[i % depts.length]}]`, `    start: ${start(i)}`);
  if (i % 97 === 0) roster.push('    end: 2026-06-30');
}
writeFileSync(path.join(dir, 'people.yaml'), `${roster.join('\n')}\n`);
const policy = (p, version, effective) => `---
id: policy-${p}
title: Policy ${p}
version: ${version}
status: approved
owner: person-1
approvers: [person-2]
effective: ${effective}
review:
  cycle: annual
audience: [all-staff]
classification: internal
---

## Purpose

Everyone MUST follow policy ${p}, revision ${version}.
`;
const texts = new Map();
const write = (p, version, effective) => {
  const text = policy(p, version, effective);
  texts.set(`${p}@${version}`, text);
  writeFileSync(path.join(dir, 'policies', `policy-${p}.md`), text);
};
for (let p = 0; p < P; p++) write(p, '1.0.0', '2026-01-15');
commit('policies', '2026-01-10T10:00:00Z');
for (let p = 0; p < P; p += 3) write(p, '2.0.0', '2026-06-01');
commit('MAJOR versions', '2026-05-20T10:00:00Z');

// The ledger: about 85% of what is owed on 2026-11-25, written directly (chaining, not appending, is not what is measured).
const hash = (p, version) => {
  const text = texts.get(`${p}@${version}`);
  const { yaml, body } = splitFrontmatter(text);
  return policyContentHash(parse(yaml), `policy-${p}`, body, 'soc2');
};
const hashes = new Map();
for (const key of texts.keys()) hashes.set(key, hash(...key.split('@')));
let prev = GENESIS;
const lines = [];
for (let i = 0; i < N; i++) {
  for (let p = 0; p < P; p++) {
    if ((i * 31 + p * 17) % 100 < 15) continue;
    const version = p % 3 === 0 && (i + p) % 5 !== 0 ? '2.0.0' : '1.0.0';
    const line = serializeRecord({
      at: version === '2.0.0' ? '2026-06-10T09:00:00Z' : '2026-02-01T09:00:00Z', contentHash: hashes.get(`${p}@${version}`),
      identity: `person-${i}@bench.example`, person: `person-${i}`, policy: `policy-${p}`, source: 'portal', version, seq: lines.length + 1, prev,
    });
    lines.push(line);
    prev = lineHash(line);
  }
}
writeFileSync(path.join(dir, 'records', 'acknowledgements.jsonl'), `${lines.join('\n')}\n`);
commit('acknowledgements', '2026-11-20T10:00:00Z');
const mb = (statSync(path.join(dir, 'records', 'acknowledgements.jsonl')).size / 2 ** 20).toFixed(1);
console.log(`repo: ${dir} (${N} people, ${P} policies, ${lines.length} acknowledgements, ${mb} MiB ledger)`);

const runs = Number(values.runs);
for (const format of ['table', 'json']) {
  const { times, last } = timeCommand(process.execPath, [BIN, 'acks', 'status', '--root', dir, '--as-of', '2026-11-25', '--format', format], { runs });
  const head = format === 'table' ? last.stdout.split('\n').slice(-1)[0] : '';
  if (format === 'table') console.log(last.stdout.split('\n').find((l) => / acknowledgements given /.test(l)) ?? head);
  record(`acks status --format ${format}, ${N} people x ${P} policies, ${lines.length} acknowledgements (${mb} MiB)`,
    `median ${(median(times) / 1000).toFixed(2)} s over ${runs} runs (min ${(Math.min(...times) / 1000).toFixed(2)} s), whole process; target < 2 s`);
}
