// Runs a command and samples the memory of its whole process tree (Node and every Chromium
// process it starts) from /proc, so a bench can report the peak. RSS counts pages shared between
// Chromium's processes once per process (an upper bound); PSS splits them (closer to the truth).
// Reading smaps_rollup takes each process's memory lock, which slows what is measured: time a
// command in a run of its own, without sampling (`sample: false`).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

function children() {
  const byParent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return byParent;
}

function tree(root) {
  const byParent = children();
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(byParent.get(pid) ?? []));
  }
  return out;
}

function kb(file, key) {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs cmd and resolves with {code, stdout, stderr, ms, peakRssMb, peakPssMb, peakProcesses}. */
export function runWithMemory(cmd, args, { cwd, env = {}, intervalMs = 50, sample: sampling = true } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    let peakRss = 0;
    let peakPss = 0;
    let peakProcesses = 0;
    const sample = () => {
      const pids = tree(child.pid);
      let rss = 0;
      let pss = 0;
      for (const pid of pids) {
        rss += kb(`/proc/${pid}/status`, 'VmRSS');
        pss += kb(`/proc/${pid}/smaps_rollup`, 'Pss');
      }
      peakRss = Math.max(peakRss, rss);
      peakPss = Math.max(peakPss, pss);
      peakProcesses = Math.max(peakProcesses, pids.length);
    };
    const timer = sampling ? setInterval(sample, intervalMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - t0, peakRssMb: peakRss / 1024, peakPssMb: peakPss / 1024, peakProcesses });
    });
  });
}
