/** `precept init`: a clean organisation, or the example without its history; `precept new`; editor schemas. */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { schemaLocation } from '../src/import/starter/editor.js';
import { PROJECT_ROOT } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const today = new Date('2026-11-25T12:00:00Z');
const tmp = () => mkdtemp(path.join(os.tmpdir(), 'precept-init-'));

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

/** What check reported, one "file:line rule" per diagnostic. */
async function checked(root: string) {
  const run = await runCli(['check', '--root', root, '--format', 'json'], { now: today });
  const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; ruleId: string; severity: string; message: string }[] };
  return { code: run.code, diagnostics };
}

describe('precept init', () => {
  it('starts a clean organisation: config, one person, one policy, one control, empty ledgers, passing check', async () => {
    const dir = await tmp();
    const run = await runCli(['init', 'acme', '--org', 'Acme, Inc.'], { cwd: dir, now: today });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Created a policy repo in acme from the en starter: 9 files\.\n/);
    const root = path.join(dir, 'acme');
    expect(await allFiles(root)).toEqual(['.gitattributes', '.gitignore', '.vscode/extensions.json', '.vscode/settings.json', 'controls/governance.yaml', 'people.yaml',
      'policies/information-security.md', 'precept.config.yaml', 'records/acknowledgements.jsonl', 'records/approvals.jsonl']);
    // Ledgers merge through precept's driver once a clone ran `precept ledger setup`.
    expect(await readFile(path.join(root, '.gitattributes'), 'utf8')).toBe('records/*.jsonl merge=precept-ledger\n');
    for (const ledger of ['approvals', 'acknowledgements']) expect((await stat(path.join(root, 'records', `${ledger}.jsonl`))).size).toBe(0);
    const config = parse(await readFile(path.join(root, 'precept.config.yaml'), 'utf8')) as { organization: { name: string; slug: string } };
    expect(config.organization).toEqual({ name: 'Acme, Inc.', slug: 'acme-inc' });
    const people = parse(await readFile(path.join(root, 'people.yaml'), 'utf8')) as { people: unknown[] };
    expect(people.people).toHaveLength(1);

    const result = await checked(root);
    expect(result.code).toBe(0);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // A new organisation's to-do list: the criteria in scope nothing maps yet, and a first review date.
    expect(result.diagnostics.filter((d) => d.ruleId !== 'coverage-gap').map((d) => `${d.file} ${d.message}`))
      .toEqual(['policies/information-security.md no review date: set review.last (or effective) so the next review can be scheduled']);

    const again = await runCli(['init', 'acme'], { cwd: dir, now: today });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has precept\.config\.yaml, people\.yaml, policies, controls, records; use --force/);
    await writeFile(path.join(root, 'people.yaml'), 'people: []\n');
    const forced = await runCli(['init', 'acme', '--force'], { cwd: dir, now: today });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('0 files, 8 existing kept');
    expect(await readFile(path.join(root, 'people.yaml'), 'utf8')).toBe('people: []\n');
  });

  it('--example gives the example organisation without its ledgers, its policies in review, passing check', async () => {
    const root = path.join(await tmp(), 'kestrel');
    const run = await runCli(['init', root, '--example'], { now: today });
    expect(run.code, run.stderr).toBe(0);
    const files = await allFiles(root);
    expect(files.filter((f) => f.startsWith('policies/'))).toHaveLength(15);
    expect(files.filter((f) => f.startsWith('records/'))).toEqual(['records/acknowledgements.jsonl', 'records/approvals.jsonl']);
    for (const ledger of ['approvals', 'acknowledgements']) expect(await readFile(path.join(root, 'records', `${ledger}.jsonl`), 'utf8')).toBe('');
    for (const file of files.filter((f) => f.startsWith('policies/'))) {
      const text = await readFile(path.join(root, file), 'utf8');
      expect(text, file).toMatch(/\nstatus: in-review\n/);
      // Only the status changed: the rest of the policy is the example's, byte for byte.
      const original = readFileSync(path.join(PROJECT_ROOT, 'examples', 'kestrel', file), 'utf8');
      expect(text.replace('status: in-review', 'status: approved'), file).toBe(original);
    }
    const result = await checked(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('chooses the starter by --locale, and says when a locale has none', async () => {
    const bad = await runCli(['init', await tmp(), '--locale', 'xx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^precept init: no starter for locale "xx" in this version of precept \(available: en(, [a-z]+)*\)\n$/);
    const jaRoot = path.join(await tmp(), 'ja');
    const ja = await runCli(['init', jaRoot, '--locale', 'ja', '--org', '株式会社アクメ'], { now: today });
    expect(ja.code, ja.stderr).toBe(0);
    expect(ja.stdout).toMatch(/ に規程リポジトリを作成しました（ja のスターター、\d+ファイル）。\n次に：people.yaml のサンプルの人を自社の担当者に置き換え/);
    expect(parse(await readFile(path.join(jaRoot, 'precept.config.yaml'), 'utf8'))).toMatchObject({ locale: 'ja', organization: { name: '株式会社アクメ', slug: 'sample' } });
    expect((await checked(jaRoot)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const both = await runCli(['init', await tmp(), '--locale', 'en', '--example']);
    expect(both.code).toBe(2);
  });

  it('points editors at the installed package\'s schemas: a modeline per YAML file and .vscode/settings.json', async () => {
    const project = await tmp();
    const installed = path.join(project, 'node_modules', 'precept');
    expect(schemaLocation(path.join(project, 'policies-repo'), installed, () => false))
      .toEqual({ fromRoot: '../node_modules/precept/schemas', installed: true });
    expect(schemaLocation(project, installed, () => false)).toEqual({ fromRoot: 'node_modules/precept/schemas', installed: true });
    expect(schemaLocation(project, '/opt/precept', () => false)).toEqual({ fromRoot: 'node_modules/precept/schemas', installed: false });

    const run = await runCli(['init', project], { now: today });
    expect(run.stderr).toContain('install precept there as a dev dependency');
    const control = await readFile(path.join(project, 'controls', 'governance.yaml'), 'utf8');
    expect(control.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/precept/schemas/control.schema.json');
    expect((await readFile(path.join(project, 'people.yaml'), 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=node_modules/precept/schemas/people.schema.json');
    const settings = JSON.parse(await readFile(path.join(project, '.vscode', 'settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string[]> };
    expect(settings['yaml.schemas']['./node_modules/precept/schemas/control.schema.json']).toEqual(['controls/**/*.yaml', 'controls/**/*.yml']);
    // Every schema named exists in precept's package.
    for (const schema of Object.keys(settings['yaml.schemas'])) expect(existsSync(path.join(PROJECT_ROOT, 'schemas', path.basename(schema))), schema).toBe(true);
  });
});

describe('precept new', () => {
  it('scaffolds a draft policy and a control that check accepts, owned by the first person or --owner', async () => {
    const root = await tmp();
    expect((await runCli(['init', root], { now: today })).code).toBe(0);
    await writeFile(path.join(root, 'people.yaml'), `${await readFile(path.join(root, 'people.yaml'), 'utf8')}  - id: jdoe\n    name: Jane Doe\n    email: jane@example.com\n`);
    const policy = await runCli(['new', 'policy', 'access-control', '--root', root], { now: today });
    expect(policy.code, policy.stderr).toBe(0);
    expect(policy.stdout).toBe('Wrote policies/access-control.md: a draft owned by security-lead. Write it, map its criteria and controls, then set status: in-review.\n');
    const text = await readFile(path.join(root, 'policies', 'access-control.md'), 'utf8');
    expect(text).toMatch(/^---\nid: access-control\ntitle: Access Control Policy\nversion: 0\.1\.0\nstatus: draft /);
    expect(text).toContain('\naudience: [all-staff]\n');
    const control = await runCli(['new', 'control', 'AC-01', '--title', 'Quarterly access review: every account', '--owner', 'jdoe', '--root', root], { now: today });
    expect(control.code, control.stderr).toBe(0);
    const controls = parse(await readFile(path.join(root, 'controls', 'ac-01.yaml'), 'utf8')) as { id: string; title: string; owner: string }[];
    expect(controls[0]).toMatchObject({ id: 'AC-01', title: 'Quarterly access review: every account', owner: 'jdoe' });

    const result = await checked(root);
    expect(result.diagnostics.filter((d) => d.ruleId !== 'coverage-gap').map((d) => `${d.file} ${d.ruleId}`))
      .toEqual(['controls/ac-01.yaml unreferenced-control', 'policies/information-security.md review-overdue']);
    expect(result.code).toBe(0);

    const refusals: [string[], string][] = [
      [['new', 'policy', 'access-control'], 'there is already a policy "access-control" (policies/access-control.md)'],
      [['new', 'policy', 'Access_Control'], 'a policy id is lowercase kebab-case'],
      [['new', 'control', 'AC-01'], 'there is already a control "AC-01" (controls/ac-01.yaml)'],
      [['new', 'policy', 'encryption', '--owner', 'jdo'], 'no person "jdo" in people.yaml - did you mean jdoe?'],
    ];
    for (const [args, message] of refusals) {
      const run = await runCli([...args, '--root', root], { now: today });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });

  it('scaffolds in the repo\'s language: a Japanese starter gets Japanese sections and messages, and check accepts them', async () => {
    const root = await tmp();
    expect((await runCli(['init', root, '--locale', 'ja'], { now: today })).code).toBe(0);
    const policy = await runCli(['new', 'policy', 'remote-work', '--root', root], { now: today });
    expect(policy.code, policy.stderr).toBe(0);
    expect(policy.stdout).toMatch(/^policies\/remote-work\.md を作成しました（起草中、所管者 \S+）。/);
    const text = await readFile(path.join(root, 'policies', 'remote-work.md'), 'utf8');
    expect(text).toMatch(/^---\nid: remote-work\ntitle: remote-work（仮題）\n/);
    expect(text.match(/^## .+$/gm)).toEqual(['## 1. 目的', '## 2. 適用範囲', '## 3. 役割と責任', '## 4. 規定事項', '## 5. 例外']);
    const control = await runCli(['new', 'control', 'RW-01', '--title', 'テレワーク端末の四半期点検', '--root', root], { now: today });
    expect(control.stdout).toMatch(/^controls\/rw-01\.yaml を作成しました/);
    expect(await readFile(path.join(root, 'controls', 'rw-01.yaml'), 'utf8')).toContain('誰が、何を、どの頻度で行い');
    const result = await checked(root);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.file} ${d.ruleId}`)).toContain('controls/rw-01.yaml unreferenced-control');
    const summary = await runCli(['check', '--root', root], { now: today });
    expect(summary.stdout).toMatch(/^規程 11件、コントロール \d+件、名簿 \d+名を\d+\.\d秒で確認しました：警告 \d+件\n$/);
  });
});
