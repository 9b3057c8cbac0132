#!/usr/bin/env node
// Benchmark: `precept check` on N synthetic policies, timed as a whole process (Node start-up
// included), median of 5 runs. Target (issue 2): 1,000 policies in under 1.5 s on 2 cores.
//
//   npm run build && node bench/check.mjs [--policies 1000]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, ROOT, median, record, timeCommand } from './lib.mjs';

const { values } = parseArgs({ options: { policies: { type: 'string', default: '1000' } } });
const n = Number(values.policies);
const repo = `/tmp/precept-bench-check-${n}`;
execFileSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--policies', String(n), '--out', repo], { stdio: 'inherit' });
const { times, last } = timeCommand(process.execPath, [BIN, 'check', '--as-of', '2026-11-25', '--root', repo]);
console.log(last.stdout.trim());
record(`check, ${n} policies`, `median ${(median(times) / 1000).toFixed(2)} s wall over ${times.length} runs (min ${(Math.min(...times) / 1000).toFixed(2)} s)`);
