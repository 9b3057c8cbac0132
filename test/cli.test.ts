/** CLI scenarios run in-process through main(): exit codes, streams and formats. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, TODAY } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const fixture = (name: string) => path.join(FIXTURES, 'check', name);
const today = new Date(`${TODAY}T12:00:00Z`);

describe('precept check (in-process)', () => {
  const table: { name: string; argv: string[]; code: number; stdout?: RegExp; stderr?: RegExp; notStderr?: RegExp }[] = [
    { name: 'clean repo', argv: ['check', '--root', fixture('clean')], code: 0, stdout: /^Checked 2 policies, 2 controls, 4 people in \d+\.\d s: no problems\n$/ },
    { name: 'errors exit 1 with file:line:col and a code frame', argv: ['check', '--root', fixture('unknown-references')], code: 1,
      stderr: /policies\/gamma\.md:6:8 error unknown-person owner: unknown person "adaa" - did you mean ada\?\n {2}5 \| owner: adaa|> 6 \| owner: adaa/ },
    { name: 'warnings only exit 0', argv: ['check', '--root', fixture('review-overdue')], code: 0, stdout: /2 warnings/ },
    { name: '--strict turns warnings into errors', argv: ['check', '--strict', '--root', fixture('review-overdue')], code: 1, stdout: /2 errors/ },
    { name: '--quiet prints errors only', argv: ['check', '--quiet', '--root', fixture('review-overdue')], code: 0, stdout: /^$/ },
    { name: '--as-of moves today', argv: ['check', '--as-of', '2026-06-01', '--root', fixture('review-overdue')], code: 0, stdout: /no problems/ },
    { name: 'bad --as-of is a usage error', argv: ['check', '--as-of', 'tomorrow', '--root', fixture('clean')], code: 2, stderr: /--as-of must be a date/ },
    { name: 'unknown flag exits 2', argv: ['check', '--nope'], code: 2, stderr: /Unknown option '--nope'/ },
    { name: 'bad format exits 2', argv: ['check', '--format', 'xml', '--root', fixture('clean')], code: 2, stderr: /--format must be one of pretty, json, github, sarif/ },
    { name: 'missing root exits 2', argv: ['check', '--root', '/nonexistent/repo'], code: 2, stderr: /not a folder/ },
    { name: 'unknown command exits 2', argv: ['frobnicate'], code: 2, stderr: /unknown command "frobnicate"/ },
    { name: '--version', argv: ['--version'], code: 0, stdout: /^\d+\.\d+\.\d+\n$/ },
    { name: '--help lists commands', argv: ['--help'], code: 0, stdout: /Commands:\n {2}check/ },
    { name: 'command --help', argv: ['check', '--help'], code: 0, stdout: /Usage: precept check \[options\][\s\S]*--strict/ },
    { name: 'a group\'s --help lists its commands', argv: ['import', '--help'], code: 0, stdout: /^Usage: precept import <importer> \[options\]\n\nImporters:\n {2}import comply +turn a comply[\s\S]*\n {2}import markdown +/ },
    { name: 'help on a group', argv: ['help', 'approvals'], code: 0, stdout: /Commands:\n {2}approvals import [\s\S]*\n {2}approvals status / },
    { name: 'an unknown command of a group exits 2 with the group\'s commands', argv: ['import', 'confluence', 'x'], code: 2, stderr: /^precept: unknown command "import confluence"\n\nUsage: precept import <importer>/ },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const run = await runCli(row.argv, { now: today });
      expect(run.code, run.stderr).toBe(row.code);
      if (row.stdout) expect(run.stdout).toMatch(row.stdout);
      if (row.stderr) expect(run.stderr).toMatch(row.stderr);
      expect(run.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // never a stack trace
    });
  }

  it('--format json prints diagnostics and a summary on stdout', async () => {
    const run = await runCli(['check', '--format', 'json', '--root', fixture('coverage-gap')], { now: today });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.summary).toEqual({ files: 6, errors: 0, warnings: 1 });
    expect(out.diagnostics[0]).toMatchObject({ file: 'precept.config.yaml', line: 6, column: 3, ruleId: 'coverage-gap', severity: 'warning' });
    expect(run.stderr).toBe('');
  });

  it('--format github prints workflow commands with escaped properties', async () => {
    const run = await runCli(['check', '--format', 'github', '--root', fixture('unknown-references')], { now: today });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error file=policies/gamma.md,line=6,col=8,endLine=6,endColumn=12,title=precept unknown-person::owner: unknown person "adaa" - did you mean ada?%0Apeople are listed in people.yaml\n');
  });

  it('a Japanese repo (locale: ja) gets its findings, hints and closing line in Japanese; rule ids and JSON keys stay', async () => {
    const pretty = await runCli(['check', '--root', fixture('japanese'), '--as-of', TODAY], { now: today });
    expect(pretty.code).toBe(1);
    expect(pretty.stderr).toContain('policies/kitei.md:6:8 error unknown-person owner: 不明な人物「adaa」（ada のことですか？）\n');
    expect(pretty.stderr).toContain('  ヒント: 人物は people.yaml に載せます\n');
    expect(pretty.stderr).not.toMatch(/\bhint:/);
    expect(pretty.stdout).toMatch(/^規程 \d+件、/);
    const json = JSON.parse((await runCli(['check', '--format', 'json', '--root', fixture('japanese'), '--as-of', TODAY], { now: today })).stdout);
    expect(json.diagnostics).toContainEqual(expect.objectContaining({
      ruleId: 'approval-missing', severity: 'error', message: expect.stringMatching(/^バージョン 1\.0\.0 について cy の承認がありません/),
      hint: 'cy に承認を依頼してください（precept approve kitei --as cy、または規程を変更するプルリクエストを承認）',
    }));
  });

  it('--format sarif is SARIF 2.1.0 with rules and regions', async () => {
    const run = await runCli(['check', '--format', 'sarif', '--root', fixture('unknown-references')], { now: today });
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe('2.1.0');
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('precept');
    const result = log.runs[0].results[0];
    expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(result.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'policies/gamma.md' }, region: { startLine: 6, startColumn: 8 } });
  });

  it('a broken config is a run failure (exit 2) pointing at the config line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-cfg-'));
    await writeFile(path.join(dir, 'precept.config.yaml'), 'organization:\n  name: X\nframeworks:\n  soc2:\n    scope: [security, availabilty]\n');
    const run = await runCli(['check', '--root', dir], { now: today });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('precept.config.yaml:5:23 error config frameworks.soc2.scope: "availabilty" is not a group of soc2 - did you mean availability?');
    await writeFile(path.join(dir, 'precept.config.yaml'), 'colour: blue\n');
    const run2 = await runCli(['check', '--root', dir], { now: today });
    expect(run2.code).toBe(2);
    expect(run2.stderr).toContain('precept.config.yaml:1:1 error config unknown field "colour"');
  });
});

describe('command registry', () => {
  it('lists each command with the name and summary of the module it loads', async () => {
    const { COMMANDS } = await import('../src/cli/commands/index.js');
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect([command.name, command.summary]).toEqual([entry.name, entry.summary]);
    }
  });
});
