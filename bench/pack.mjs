#!/usr/bin/env node
// Benchmark: signed auditor packs, timed as whole processes, with the peak memory of Node plus
// Chromium (PSS: pages shared between Chromium's processes counted once).
//  - small: a 32-policy repo (bench/generate.mjs, about 900 words and four A4 pages a policy, two
//    versions; the period holds one version of each): `precept build` with an empty cache, then
//    `precept pack --sign` cold (empty cache, median of 3: one cold run swings by half a second with
//    what the machine did the minute before) and warm (after the build, median of 3).
//    Target (issues 4 and 12, 2 cores): under 4 s cold.
//  - large: 200 policies x 3 versions, all in force during the period (600 versions, about 2,500
//    pages), acknowledged by 30 people (6,000 requirements in the evidence appendix and its CSV):
//    `precept pack --sign` cold. Target (issue 12): under 30 s, peak PSS under 1.2 GB.
//
//   npm run build && node bench/pack.mjs [--only small|large]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, ROOT, median, record } from './lib.mjs';
import { runWithMemory } from './proc-memory.mjs';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const keys = mkdtempSync(path.join(os.tmpdir(), 'pb-keys-'));
const base = { PRECEPT_SIGN_PASSPHRASE: 'bench-passphrase' };
execFileSync(process.execPath, [BIN, 'keygen', '--out', path.join(keys, 'signer.p12')], { env: { ...process.env, ...base }, stdio: 'ignore' });

// Each repo's cache in its own (untracked) folder, so cold runs can delete it; precept's default is outside the checkout.
async function run(args, cache, sample = false) {
  const result = await runWithMemory(process.execPath, [BIN, ...args], { env: { ...base, PRECEPT_CACHE_DIR: cache }, sample });
  if (result.code !== 0) throw new Error(`precept ${args[0]} exited ${result.code}: ${result.stderr}`);
  return result;
}
const generate = (n, versions, out, extra = []) =>
  execFileSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--policies', String(n), '--versions', String(versions), '--out', out, ...extra], { stdio: 'inherit' });
const mb = (x) => Math.round(x);

if (values.only !== 'large') {
  const n = 32;
  const repo = `/tmp/precept-bench-pack-${n}`;
  generate(n, 2, repo);
  const out = mkdtempSync(path.join(os.tmpdir(), 'pb-out-'));
  const cache = path.join(repo, '.precept-cache');
  const pack = ['pack', '--root', repo, '--out', out, '--from', '2026-02-01', '--to', '2026-12-31', '--sign', path.join(keys, 'signer.p12'), '--prepared-by', 'Bench'];
  const colds = [];
  for (let i = 0; i < 3; i++) {
    rmSync(cache, { recursive: true, force: true });
    colds.push(await run(pack, cache));
  }
  console.log(`cold: ${colds[0].stdout.trim()}`);
  rmSync(cache, { recursive: true, force: true });
  const build = await run(['build', '--root', repo, '--out', out, '--as-of', '2026-11-25'], cache);
  console.log(`build: ${build.stdout.trim()}`);
  const warm = [];
  for (let i = 0; i < 3; i++) warm.push(await run(pack, cache));
  console.log(`warm: ${warm[0].stdout.trim()}`);
  // Memory in runs of their own: sampling /proc slows what it samples.
  rmSync(cache, { recursive: true, force: true });
  const sampled = [await run(pack, cache, true), await run(pack, cache, true)];
  record(`signed pack, ${n} policies`,
    `pack cold (empty cache) median ${(median(colds.map((c) => c.ms)) / 1000).toFixed(2)} s (${colds.map((c) => (c.ms / 1000).toFixed(2)).join(', ')}), warm (after build) median ${(median(warm.map((w) => w.ms)) / 1000).toFixed(2)} s; ` +
    `full \`precept build\` of the ${n} documents ${(build.ms / 1000).toFixed(2)} s (comply: 40 s); ` +
    `peak Node+Chromium RSS ${mb(Math.max(...sampled.map((s) => s.peakRssMb)))} MB (PSS ${mb(Math.max(...sampled.map((s) => s.peakPssMb)))} MB)`);
}

if (values.only !== 'small') {
  const repo = '/tmp/precept-bench-pack-200x3';
  generate(200, 3, repo, ['--acks']);
  const out = mkdtempSync(path.join(os.tmpdir(), 'pb-out-large-'));
  const cache = path.join(repo, '.precept-cache');
  const pack = ['pack', '--root', repo, '--out', out, '--from', '2026-01-01', '--to', '2026-12-31', '--sign', path.join(keys, 'signer.p12'), '--prepared-by', 'Bench'];
  rmSync(cache, { recursive: true, force: true });
  const cold = await run(pack, cache);
  console.log(`cold: ${cold.stdout.trim()}`);
  rmSync(cache, { recursive: true, force: true });
  const sampled = await run(pack, cache, true);
  record('signed pack, 200 policies x 3 versions in the period, 30 people acknowledging',
    `pack cold (empty cache) ${(cold.ms / 1000).toFixed(2)} s (${cold.stdout.trim().replace(/^Wrote \S+: /, '')}); ` +
    `peak Node+Chromium PSS ${mb(sampled.peakPssMb)} MB (RSS ${mb(sampled.peakRssMb)} MB, ${sampled.peakProcesses} processes; the sampled run took ${(sampled.ms / 1000).toFixed(1)} s)`);
}
