// Shared helpers for bench scripts: time whole processes, describe the machine, record results.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BIN = path.join(ROOT, 'lib', 'cli', 'bin', 'precept.js');

/** One line describing the machine, for results files. */
export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} x ${cpu.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** Runs a command `runs` times and returns wall times in ms (and the last result). */
export function timeCommand(cmd, args, { runs = 5, env = {}, cwd = ROOT, expectCode = 0 } = {}) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = spawnSync(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    times.push(performance.now() - t0);
    if (last.status !== expectCode) {
      throw new Error(`${cmd} ${args.join(' ')} exited ${last.status}\n${last.stderr.slice(0, 2000)}`);
    }
  }
  return { times, last };
}

/** Median of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Appends a result line to bench/results.md and prints it. */
export function record(name, text) {
  const line = `| ${new Date().toISOString().slice(0, 10)} | ${name} | ${text} | ${machine()} |`;
  console.log(line);
  if (process.env.BENCH_NO_RECORD) return;
  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  appendFileSync(path.join(ROOT, 'bench', 'results.md'), `${line}\n`);
}
