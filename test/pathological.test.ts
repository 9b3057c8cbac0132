/**
 * Pathological Markdown (issue 11 item 7): inputs generated here that used to overflow the stack,
 * take gigabytes or minutes, or ignore SIGTERM. Each is now a body-limits error on its file at
 * the line where it goes over; a past version holding one builds (its page says why the text is
 * not shown) within a bounded memory; a CPU-bound build stops within 2 s of SIGTERM and leaves
 * no temporary folder; a build that fails reports its own error.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check/check.js';
import { TestRepo } from './helpers/git-repo.js';
import { BIN, FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const ORG = path.join(FIXTURES, 'content', 'org');
const FRONT = (id: string, version = '0.1.0') => `---\nid: ${id}\ntitle: ${id}\nversion: ${version}\nstatus: draft\nowner: ada\nreview:\n  cycle: annual\nclassification: internal\n---\n\n`;
/** Body lines start after the 11 lines of FRONT. */
const BODY_LINE = 12;

const CASES: [string, string, { line: number; message: RegExp }][] = [
  ['quote-run', `Intro.\n\n${'>'.repeat(5 * 1024)} deep\n`, { line: BODY_LINE + 2, message: /nested more than 32 deep/ }],
  ['quote-levels', Array.from({ length: 1000 }, (_, i) => `${'> '.repeat(i + 1)}level ${i}`).join('\n'), { line: BODY_LINE + 32, message: /nested more than 32 deep/ }],
  ['divs', `${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}\n`, { line: BODY_LINE, message: /HTML elements nested more than 64 deep/ }],
  ['emphasis-run', `${'*a'.repeat(20 * 1024)}\n`, { line: BODY_LINE, message: /brackets and emphasis marks in one block/ }],
  ['brackets-and-stars', `${'[*'.repeat(400 * 1024)}\n`, { line: BODY_LINE, message: /brackets and emphasis marks in one block/ }],
  ['huge-table', `| a | b |\n| - | - |\n${'| x | y |\n'.repeat(100_000)}`, { line: BODY_LINE + 5000, message: /more than 5000 table rows/ }],
];

async function orgRepo(prefix: string): Promise<TestRepo> {
  const repo = await TestRepo.create(prefix);
  cpSync(ORG, repo.dir, { recursive: true });
  mkdirSync(path.join(repo.dir, 'policies'), { recursive: true });
  return repo;
}

/** Runs the built binary; returns its exit code, output and peak memory (max RSS of the process, worker threads included). */
function runBinary(args: string[], cwd: string) {
  const rss = "process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS+'\\n'))";
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(rss)}`, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  const maxRssKb = Number(/maxrss=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, maxRssMb: maxRssKb / 1024 };
}

describe('pathological Markdown', () => {
  it('is a body-limits error at the line where it goes over, and check itself survives', async () => {
    const repo = await orgRepo('precept-patho-');
    for (const [name, body] of CASES) writeFileSync(path.join(repo.dir, 'policies', `${name}.md`), FRONT(name) + body);
    const started = performance.now();
    const { diagnostics } = await check(repo.dir, { asOf: '2026-03-02' });
    expect(performance.now() - started).toBeLessThan(60_000);
    for (const [name, , want] of CASES) {
      const found = diagnostics.filter((d) => d.file === `policies/${name}.md` && d.ruleId === 'body-limits');
      expect(found.map((d) => d.line), name).toEqual([want.line]);
      expect(found[0]!.message, name).toMatch(want.message);
      expect(found[0]!.severity).toBe('error');
    }
  }, 120_000);

  it('in a past version, builds in bounded memory and the version page says the text is not shown', async () => {
    const repo = await orgRepo('precept-patho-history-');
    // The largest file precept reads (2 MiB) of 1,000-level quotes, then a fixed version.
    const levels = Array.from({ length: 1000 }, (_, i) => `${'> '.repeat(i + 1)}level ${i}`).join('\n');
    const worst = (FRONT('deep') + levels).slice(0, 2 * 1024 * 1024 - 1);
    await repo.write({ 'policies/deep.md': worst, 'policies/divs.md': FRONT('divs') + CASES[2]![1], 'policies/table.md': FRONT('table') + CASES[5]![1] });
    repo.commit('pathological', '2026-02-01T10:00:00Z');
    await repo.write({ 'policies/deep.md': `${FRONT('deep', '0.2.0')}Fixed.\n`, 'policies/divs.md': `${FRONT('divs', '0.2.0')}Fixed.\n`, 'policies/table.md': `${FRONT('table', '0.2.0')}| a |\n| - |\n| b |\n` });
    repo.commit('fixed', '2026-03-01T10:00:00Z');
    const run = runBinary(['build', '--root', repo.dir], repo.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.maxRssMb).toBeLessThan(1024);
    const page = readFileSync(path.join(repo.dir, 'dist', 'site', 'policies', 'deep', 'v', '0.1.0', 'index.html'), 'utf8');
    expect(page).toContain('exceeds what the portal renders');
    expect(page).toContain('nested more than 32 deep');
    // The PDF stage printed the current versions.
    expect(readdirSync(path.join(repo.dir, 'dist', 'pdf')).sort()).toEqual(['deep-v0.2.0.pdf', 'divs-v0.2.0.pdf', 'table-v0.2.0.pdf']);
  }, 300_000);

  it('stops a CPU-bound build within 2 s of SIGTERM, leaving no temporary folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-sigterm-'));
    cpSync(ORG, dir, { recursive: true });
    mkdirSync(path.join(dir, 'policies'));
    // 240 bodies each just under the delimiter limit: minutes of rendering, in worker threads.
    for (let i = 0; i < 240; i++) writeFileSync(path.join(dir, 'policies', `p${i}.md`), `${FRONT(`p${i}`)}${'[*'.repeat(4900)} ${i}\n`);
    const child = spawn(process.execPath, [BIN, 'build', '--no-pdf', '--no-cache', '--root', dir], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const dist = path.join(dir, 'dist');
    const tmpFolders = () => (existsSync(dist) ? readdirSync(dist).filter((f) => f.includes('.tmp-')) : []);
    // Wait until the site is being written (its temporary folder exists), then a little longer.
    const deadline = Date.now() + 60_000;
    while (!tmpFolders().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(tmpFolders().length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    const signalled = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    const elapsed = performance.now() - signalled;
    expect(elapsed).toBeLessThan(2000);
    expect(code).toBe(2);
    expect(stderr).toContain('build stopped by a signal');
    expect(tmpFolders()).toEqual([]);
    expect(existsSync(path.join(dist, 'site'))).toBe(false);
  }, 120_000);

  it('reports the real error of a failed build, not ENOTEMPTY, and leaves no temporary folder', async () => {
    const repo = await orgRepo('precept-failed-');
    for (let i = 0; i < 30; i++) writeFileSync(path.join(repo.dir, 'policies', `p${i}.md`), `${FRONT(`p${i}`)}Text ${i}.\n`);
    // A theme override whose policy page asks for a message no catalogue has.
    mkdirSync(path.join(repo.dir, 'site', 'pages'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'site', 'pages', 'policy.hbs'), '{{t "content.no-such-message"}}\n');
    repo.commit('policies', '2026-03-01T10:00:00Z');
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/ENOTEMPTY/);
    expect(run.stderr).toMatch(/no-such-message/);
    expect(readdirSync(path.join(repo.dir, 'dist')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 120_000);
});
