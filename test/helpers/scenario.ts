import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { TestRepo } from './git-repo.js';
import { BIN, FIXTURES } from './paths.js';
import { runCli, type CliRun } from './run-cli.js';

/** One step of building a scenario's repo, in order. */
export type Step =
  | { copy: string }
  | { overlay: string }
  | { write: Record<string, string> }
  | { replace: { file: string; from: string; to: string } }
  | { commit: { message: string; date: string } }
  | { git: string[] }
  | { truncate: { file: string; bytes: number } }
  /** A file of this many bytes that takes no disk (a hole), for size limits. */
  | { sparse: { file: string; bytes: number } }
  | { run: string[]; exit?: number };

/** test/fixtures/cli/<command>/<scenario>/scenario.yaml. */
export interface Scenario {
  description: string;
  steps?: Step[];
  /** The command under test, without --root (added unless `noRoot`). */
  run: string[];
  noRoot?: boolean;
  now?: string;
  env?: Record<string, string>;
  /** Run the built binary in a child process instead of main() in-process. */
  binary?: boolean;
  /** Files the command writes, compared with expected/<path>. */
  files?: string[];
}

const NOW = '2026-11-25T12:00:00Z';

/** Replaces what varies between runs (temp folders, timings) so output can be compared. */
export function normalize(text: string, repoDir: string): string {
  return text
    .split(repoDir).join('<repo>')
    .replace(/\b\d+(?:\.\d+)? s\b/g, '<s>')
    .replace(/\b\d+ ms\b/g, '<ms>');
}

/** Builds the scenario's repo, runs the command, and returns what it printed and wrote. */
export async function runScenario(dir: string): Promise<{ text: string; files: Map<string, string>; repo: TestRepo }> {
  const scenario = parse(readFileSync(path.join(dir, 'scenario.yaml'), 'utf8')) as Scenario;
  const repo = await TestRepo.create('precept-scenario-');
  const now = new Date(scenario.now ?? NOW);
  const cli = (argv: string[]) => runCli(argv, { cwd: repo.dir, now, ...(scenario.env ? { env: scenario.env } : {}) });
  for (const step of scenario.steps ?? []) {
    if ('copy' in step) cpSync(path.join(FIXTURES, step.copy), repo.dir, { recursive: true, filter: (src) => path.basename(src) !== 'expected.txt' });
    else if ('overlay' in step) cpSync(path.join(dir, step.overlay), repo.dir, { recursive: true });
    else if ('write' in step) await repo.write(step.write);
    else if ('replace' in step) {
      const file = path.join(repo.dir, step.replace.file);
      const text = await readFile(file, 'utf8');
      if (!text.includes(step.replace.from)) throw new Error(`scenario ${dir}: "${step.replace.from}" is not in ${step.replace.file}`);
      await writeFile(file, text.replace(step.replace.from, step.replace.to));
    } else if ('commit' in step) repo.commit(step.commit.message, step.commit.date);
    else if ('git' in step) repo.git(...step.git);
    else if ('sparse' in step) {
      const file = path.join(repo.dir, step.sparse.file);
      await writeFile(file, '');
      await truncate(file, step.sparse.bytes);
    } else if ('truncate' in step) {
      const file = path.join(repo.dir, step.truncate.file);
      const bytes = await readFile(file);
      await writeFile(file, bytes.subarray(0, bytes.length - step.truncate.bytes));
    }
    else {
      const result = await cli([...step.run, '--root', repo.dir]);
      if (result.code !== (step.exit ?? 0)) throw new Error(`scenario ${dir}: setup step ${step.run.join(' ')} exited ${result.code}\n${result.stderr}`);
    }
  }
  const argv = scenario.noRoot ? scenario.run : [...scenario.run, '--root', repo.dir];
  let result: CliRun;
  if (scenario.binary) {
    result = await promisify(execFile)(process.execPath, [BIN, ...argv], {
      cwd: repo.dir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...scenario.env },
    }).then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
  } else result = await cli(argv);
  const text = normalize(`exit ${result.code}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`, repo.dir);
  const files = new Map<string, string>();
  for (const f of scenario.files ?? []) {
    const abs = path.join(repo.dir, f);
    files.set(f, existsSync(abs) ? normalize(await readFile(abs, 'utf8'), repo.dir) : '<missing>\n');
  }
  return { text, files, repo };
}

/** Writes what a run produced as the scenario's expectations (UPDATE_FIXTURES=1). */
export async function writeExpected(dir: string, text: string, files: Map<string, string>): Promise<void> {
  await writeFile(path.join(dir, 'expected.txt'), text);
  for (const [f, content] of files) {
    await mkdir(path.dirname(path.join(dir, 'expected', f)), { recursive: true });
    await writeFile(path.join(dir, 'expected', f), content);
  }
}
