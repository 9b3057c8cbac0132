#!/usr/bin/env node
// Benchmark: `precept build` (the portal) as whole processes, and a rebuild inside one process
// the way `precept dev` does it. Medians of --runs runs.
//
//   npm run build && node bench/site.mjs [--policies 1000] [--versions 3] [--runs 3] [--skip-example] [--settle 90]
//
// Targets (issue 3, 2 cores): cold build of 1,000 policies x 3 versions under 10 s; rebuild after
// editing one policy under 1 s.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, ROOT, median, record, timeCommand } from './lib.mjs';

const { values } = parseArgs({
  options: {
    policies: { type: 'string', default: '1000' },
    versions: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    'skip-example': { type: 'boolean', default: false },
    settle: { type: 'string', default: '90' },
  },
});
const runs = Number(values.runs);
const settle = Number(values.settle);
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const summary = (out) => /Built .*/.exec(out)?.[0] ?? '';

if (!values['skip-example']) {
  const out = '/tmp/precept-bench-site-example';
  const example = ['--root', path.join(ROOT, 'examples', 'kestrel')];
  const env = { PRECEPT_CACHE_DIR: `${out}-cache` };
  const cold = timeCommand(process.execPath, [BIN, 'build', ...example, '--no-pdf', '--out', out, '--no-cache', '--as-of', '2026-11-25'], { runs, env });
  console.log(summary(cold.last.stdout));
  timeCommand(process.execPath, [BIN, 'build', ...example, '--no-pdf', '--out', out, '--as-of', '2026-11-25'], { runs: 1, env });
  const warm = timeCommand(process.execPath, [BIN, 'build', ...example, '--no-pdf', '--out', out, '--as-of', '2026-11-25'], { runs, env });
  record('site build, example org (15 policies)', `cold (--no-cache) median ${s(median(cold.times))}, cached no-change rebuild median ${s(median(warm.times))}; ${summary(cold.last.stdout)}`);
}

const n = Number(values.policies);
const v = Number(values.versions);
const repo = `/tmp/precept-bench-site-${n}x${v}`;
// Regenerating deletes the previous repo (and its output: ~15,000 files). On a file system
// without a journal (this machine's ext4), files created in the next minute or so are slow to
// create (ext4 skips inodes deleted recently), so the cold runs wait that out first.
const deletedOld = existsSync(repo);
execFileSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--policies', String(n), '--versions', String(v), '--out', repo], { stdio: 'inherit' });
if (deletedOld && settle > 0) {
  console.log(`waiting ${settle} s for the deletion of the previous repo to settle (--settle 0 to skip)`);
  await new Promise((resolve) => setTimeout(resolve, settle * 1000));
}
// The cache in the (untracked) repo folder, so a cold run can move it aside; precept's default is outside the checkout.
const args = [BIN, 'build', '--no-pdf', '--root', repo, '--as-of', '2026-11-25', '--cache-dir', path.join(repo, '.precept-cache')];
const coldTimes = [];
let coldOut = '';
// Each cold run starts without output or cache. The previous run's are moved aside, not
// deleted, and deleted at the end: on a file system without a journal (this machine's ext4),
// deleting ~10,000 files makes every file created in the next minutes slow (ext4 skips inodes
// deleted recently), which would charge one run's clean-up to the next run.
const trash = `${repo}-trash`;
mkdirSync(trash, { recursive: true });
const moveAside = (name) => {
  if (existsSync(path.join(repo, name))) renameSync(path.join(repo, name), path.join(trash, `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`));
};
for (let i = 0; i < runs; i++) {
  moveAside('dist');
  moveAside('.precept-cache');
  const r = timeCommand(process.execPath, [...args, '--verbose'], { runs: 1 });
  coldTimes.push(r.times[0]);
  coldOut = r.last.stdout;
}
console.log(coldOut.trim());

// Rebuild after editing one policy: a second process, with the cache and the previous site.
const editTimes = [];
let editOut = '';
for (let i = 0; i < runs; i++) {
  const file = path.join(repo, 'policies', `policy-${7 + i}.md`);
  writeFileSync(file, readFileSync(file, 'utf8').replace('status: approved', 'status: in-review').replace('## Scope', `An edit for the benchmark, number ${i}.\n\n## Scope`));
  const r = timeCommand(process.execPath, [...args, '--verbose'], { runs: 1 });
  editTimes.push(r.times[0]);
  editOut = r.last.stdout;
}
console.log(editOut.trim());

// The same inside one process, as `precept dev` rebuilds: the session keeps rendered bodies and history.
const { build } = await import(path.join(ROOT, 'lib', 'render', 'build', 'build.js'));
const { newSession } = await import(path.join(ROOT, 'lib', 'render', 'build', 'context.js'));
const session = newSession();
const options = { root: repo, outDir: path.join(repo, 'dist'), asOf: '2026-11-25', env: {}, now: () => new Date(), session, live: true, skip: new Set(['pdf']), cacheDir: path.join(repo, '.precept-cache') };
await (await build(options)).settled;
const devTimes = [];
const searchTimes = [];
let devPhases = '';
for (let i = 0; i < runs; i++) {
  const file = path.join(repo, 'policies', `policy-${20 + i}.md`);
  writeFileSync(file, readFileSync(file, 'utf8').replace('## Scope', `A dev-server edit, number ${i}.\n\n## Scope`));
  const t0 = performance.now();
  const result = await build(options);
  devTimes.push(performance.now() - t0);
  await result.settled;
  searchTimes.push(performance.now() - t0);
  devPhases = result.phases.map(([p, ms]) => `${p} ${s(ms)}`).join(', ');
}
console.log(`in-process rebuilds: ${devTimes.map(s).join(', ')} (last: ${devPhases}); search index refreshed after ${searchTimes.map(s).join(', ')}`);

record(`site build, ${n} policies x ${v} versions`,
  `cold median ${s(median(coldTimes))} (${coldTimes.map(s).join(', ')}); rebuild after editing one policy: new process median ${s(median(editTimes))}, in-process (precept dev) median ${s(median(devTimes))} to pages updated, ${s(median(searchTimes))} to search index updated; ${summary(coldOut)}`);

rmSync(trash, { recursive: true, force: true });
