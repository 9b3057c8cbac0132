#!/usr/bin/env node
// Benchmark: the signed auditor pack of a 32-policy repo (bench/generate.mjs, about 900 words and
// four A4 pages a policy, git history with two versions; the period holds one version of each),
// timed as whole processes:
//  - `precept build` with an empty cache (the full build of a 32-document set: comply needs
//    40 s for its 32 SOC 2 documents on this machine);
//  - `precept pack --sign` cold (empty cache) and warm (after the build, median of 3), with the
//    peak memory of Node plus Chromium.
// Targets (issue 4, 2 cores): a 32-policy signed pack in under 4 s; Node + Chromium under 1.2 GB.
//
//   npm run build && node bench/pack.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, ROOT, median, record } from './lib.mjs';
import { runWithMemory } from './proc-memory.mjs';

const n = 32;
const repo = `/tmp/precept-bench-pack-${n}`;
execFileSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--policies', String(n), '--versions', '2', '--out', repo], { stdio: 'inherit' });
const keys = mkdtempSync(path.join(os.tmpdir(), 'pb-keys-'));
const cache = path.join(repo, '.precept-cache');
// The cache in the (untracked) repo folder, so cold runs can delete it; precept's default is outside the checkout.
const env = { PRECEPT_SIGN_PASSPHRASE: 'bench-passphrase', PRECEPT_CACHE_DIR: cache };
execFileSync(process.execPath, [BIN, 'keygen', '--root', repo, '--out', path.join(keys, 'signer.p12')], { env: { ...process.env, ...env }, stdio: 'ignore' });
const out = mkdtempSync(path.join(os.tmpdir(), 'pb-out-'));

async function run(args, sample = false) {
  const result = await runWithMemory(process.execPath, [BIN, ...args], { env, sample });
  if (result.code !== 0) throw new Error(`precept ${args[0]} exited ${result.code}: ${result.stderr}`);
  return result;
}
const pack = ['pack', '--root', repo, '--out', out, '--from', '2026-02-01', '--to', '2026-12-31', '--sign', path.join(keys, 'signer.p12')];

rmSync(cache, { recursive: true, force: true });
const cold = await run(pack);
console.log(`cold: ${cold.stdout.trim()}`);
rmSync(cache, { recursive: true, force: true });
const build = await run(['build', '--root', repo, '--out', out, '--as-of', '2026-11-25']);
console.log(`build: ${build.stdout.trim()}`);
const warm = [];
for (let i = 0; i < 3; i++) warm.push(await run(pack));
console.log(`warm: ${warm[0].stdout.trim()}`);
// Memory in runs of their own: sampling /proc slows what it samples.
rmSync(cache, { recursive: true, force: true });
const sampled = [await run(pack, true), await run(pack, true)];
const peak = Math.max(...sampled.map((s) => s.peakRssMb));
const peakPss = Math.max(...sampled.map((s) => s.peakPssMb));
record(`signed pack, ${n} policies`,
  `pack cold (empty cache) ${(cold.ms / 1000).toFixed(2)} s, warm (after build) median ${(median(warm.map((w) => w.ms)) / 1000).toFixed(2)} s; ` +
  `full \`precept build\` of the ${n} documents ${(build.ms / 1000).toFixed(2)} s (comply: 40 s); peak Node+Chromium RSS ${Math.round(peak)} MB (PSS ${Math.round(peakPss)} MB)`);
