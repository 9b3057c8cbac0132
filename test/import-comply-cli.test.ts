/**
 * `precept import comply` scenarios through main(): a comply project with everything that can
 * go wrong (test/fixtures/comply-edge), exit codes, the output folder rules and JSON output.
 */
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importComply } from '../src/import/comply/import-comply.js';
import { unmatchedCheckDiagnostics } from './helpers/comply.js';
import { FIXTURES, TODAY } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const EDGE = path.join(FIXTURES, 'comply-edge');
const CORPUS = path.join(FIXTURES, 'comply-soc2');
const tmp = () => mkdtemp(path.join(os.tmpdir(), 'precept-comply-cli-'));

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

describe('a comply project with everything that can go wrong', () => {
  let out: string;
  let run: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    out = path.join(await tmp(), 'globex');
    run = await runCli(['import', 'comply', EDGE, out, '--as-of', TODAY]);
  });

  it('exits 1 because two documents could not be imported, and imports the rest', async () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('policies/broken.md:1:1 error comply-metadata no "---" between metadata and body (comply refuses this file too); not imported\n');
    expect(run.stderr).toMatch(/policies\/bad-yaml\.md:2:1 error comply-metadata malformed YAML: .+; not imported/);
    expect(run.stdout).toContain('Imported 4 comply documents into');
    expect(run.stdout).toContain(': 1 policy, 1 narrative (policies/narratives/), 2 controls from procedures, 1 framework.');
    expect(run.stdout).toMatch(/56 findings to fix \(31 comply-coverage, .*\), 2 documents not imported\./);
    expect(await allFiles(out)).toEqual(['.gitignore', 'controls/procedures.yaml', 'frameworks/iso-27001-2013.yaml', 'people.yaml',
      'policies/access.md', 'policies/narratives/overview-narrative.md', 'precept.config.yaml']);
  });

  it('takes the organisation from comply.yml and reports what precept has no place for, copying no ticket credentials', async () => {
    const config = await readFile(path.join(out, 'precept.config.yaml'), 'utf8');
    expect(config).toContain('organization:\n  name: Globex Corporation\n  slug: globex\n');
    expect(config).toContain('frameworks:\n  soc2:\n    scope: [security]\n  iso-27001-2013: {}\n');
    expect(run.stderr).toContain('comply.yml:4:1 warning comply-field tickets: precept has no ticket integration');
    expect(run.stderr).toContain('comply.yml:3:1 warning comply-field approvedBranch:');
    for (const file of await allFiles(out)) expect(await readFile(path.join(out, file), 'utf8'), file).not.toMatch(/ghp_SECRET|globex\/compliance|username/);
  });

  it('reports each mapping problem at its comply line', () => {
    const lines = run.stderr.split('\n').filter((l) => /^[\w./-]+:\d+:\d+ (warning|error) /.test(l) && !l.includes('comply-coverage'));
    expect(lines).toEqual([
      'comply.yml:3:1 warning comply-field approvedBranch: precept records approvals in its approval ledger, not by branch',
      'comply.yml:4:1 warning comply-field tickets: precept has no ticket integration: procedures became controls with evidence schedules. The ticket settings, and any credentials in them, were not copied',
      'narratives/overview.md:1:1 warning comply-split the file opens with ---, which comply reads as empty metadata; imported as YAML frontmatter',
      'narratives/overview.md:2:1 warning comply-owner comply has no owners: owner is the placeholder "to-be-assigned"',
      'narratives/overview.md:2:1 warning comply-review no revision date precept can read: the policy has no review date',
      'policies/access.md:1:1 warning comply-owner comply has no owners: owner is the placeholder "to-be-assigned"',
      'policies/access.md:3:1 warning comply-field owner: not a comply policy field; left out',
      'policies/access.md:4:1 warning comply-field live: precept has no publication flag; imported documents are in review until approved in precept',
      'policies/access.md:8:7 warning comply-criterion CC9.9 is not a SOC 2 criterion; left out of criteria - did you mean CC9.2?',
      'policies/access.md:11:3 warning comply-standard satisfies: standard "HIPAA" is not defined in standards/; its 1 criterion was left out',
      'policies/access.md:14:5 warning comply-review last major revision "Jun 1 2018" (2018-06-01): the annual review was due 2019-06-01',
      'policies/access.md:16:5 warning comply-date revision date "TBD" is not a calendar day precept can read; kept as written in the document history',
      'policies/access.md:18:5 warning comply-date revision date "Jan 5 2099" is after today (2026-11-25); not used as the last review',
      'policies/access.md:23:41 warning comply-template {{.Stats.ControlsTotal}}: unknown field .Stats.ControlsTotal; kept as written',
      'policies/access.md:25:1 warning comply-latex raw LaTeX "\\vspace{1em}" only meant something in comply\'s pandoc PDFs; left out',
      'policies/bad-yaml.md:2:1 error comply-metadata malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]; not imported',
      'policies/broken.md:1:1 error comply-metadata no "---" between metadata and body (comply refuses this file too); not imported',
      'procedures/bad.md:2:1 warning comply-owner comply has no owners: control bad is owned by the placeholder "to-be-assigned"',
      'procedures/bad.md:2:1 warning comply-procedure control bad is not required by any policy yet (comply did not link procedures to policies)',
      'procedures/bad.md:3:7 warning comply-cron cron "every day": comply\'s cron has 5 or 6 fields (second minute hour day-of-month month [day-of-week]); this one has 2; comply\'s scheduler skips it too. Evidence is per-event until you set its frequency',
      'procedures/review.md:1:5 warning comply-field id: "access review" cannot be a control id; the control is review',
      'procedures/review.md:2:1 warning comply-owner comply has no owners: control review is owned by the placeholder "to-be-assigned"',
      'procedures/review.md:2:1 warning comply-procedure control review is not required by any policy yet (comply did not link procedures to policies)',
      'standards/ISO-27001.yml:6:1 warning comply-standard "A.9 .2" cannot be a criterion id (letters, digits and . _ - between them); left out',
      'standards/TSC-2017.yml:10:1 warning comply-standard CC10.1 is not a criterion of precept\'s SOC 2 catalogue (2017 TSC); left out of scope - did you mean CC1.1?',
    ]);
  });

  it('writes the mapped policy, the repo framework from a comply standard and the controls', async () => {
    const access = await readFile(path.join(out, 'policies', 'access.md'), 'utf8');
    expect(access).toContain('criteria:\n  soc2: [CC6.1]\n  iso-27001-2013: [A.9.1.1]\n# comply also cited CC9.9, HIPAA 164.308, which precept\'s catalogues do not have (see the import report)\n');
    expect(access).toContain('1. Globex Corporation controls access. There are {{.Stats.ControlsTotal}} controls.');
    expect(access).toContain('<td><ul>\n<li>Request</li>\n<li>Approve</li>\n</ul></td>');
    expect(access).toContain('| Role | Access |\n| --- | --- |\n| Admin | All |\n');
    expect(access).toContain('| TBD | Planned rewrite |\n| Jan 5 2099 | From the future |\n');
    expect(await readFile(path.join(out, 'policies', 'narratives', 'overview-narrative.md'), 'utf8')).toContain('\nGlobex Corporation Compliance Program covers everything.\n');
    expect(await readFile(path.join(out, 'frameworks', 'iso-27001-2013.yaml'), 'utf8')).toBe([
      '# Imported from comply\'s standards/ISO-27001.yml.',
      'id: iso-27001-2013', 'name: ISO 27001:2013', 'short: ISO 27001:2013', 'families:', '  - id: A.9', '    name: A.9', 'items:',
      '  - id: A.9.1.1', '    title: Access control policy', '    family: A.9', '    summary: An access control policy shall be established', ''].join('\n'));
    const controls = await readFile(path.join(out, 'controls', 'procedures.yaml'), 'utf8');
    expect(controls).toContain('- id: review\n  title: Quarterly Access Review\n');
    expect(controls).toContain('      frequency: quarterly\n      schedule: 0 0 1 */3 *\n');
  });

  it('precept check reports exactly the predicted findings, coverage gaps included', async () => {
    const result = await importComply(EDGE, { asOf: TODAY });
    const { unexpected, unreported, diagnostics } = await unmatchedCheckDiagnostics(out, result.findings.flatMap((f) => f.expect), TODAY);
    expect(unexpected).toEqual([]);
    expect(unreported).toEqual([]);
    expect(diagnostics.filter((d) => d.ruleId === 'coverage-gap')).toHaveLength(31);
  });
});

describe('precept import comply: command line', () => {
  it('exits 2 when the input is not a comply project or not a folder', async () => {
    const empty = await tmp();
    const run = await runCli(['import', 'comply', empty, path.join(empty, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`precept import comply: ${empty} is not a comply project: it has no comply.yml and no Markdown files in policies/, narratives/ or procedures/\n`);
    const missing = await runCli(['import', 'comply', '/nonexistent/comply', path.join(empty, 'out')]);
    expect([missing.code, missing.stderr]).toEqual([2, 'precept import comply: /nonexistent/comply is not a folder\n']);
    expect((await runCli(['import', 'comply', empty])).stderr).toContain('missing argument: precept import comply <comply-dir> <out-dir>');
  });

  it('uses a reported placeholder organisation without comply.yml or --org', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'comply', 'policies'), { recursive: true });
    await writeFile(path.join(dir, 'comply', 'policies', 'a.md'), 'name: A Policy\n---\n{{.Name}} rules.\n');
    const run = await runCli(['import', 'comply', 'comply', 'out', '--as-of', TODAY], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('comply.yml:1:1 warning comply-organization no organisation name (no comply.yml, no --org): "Your Organization" was used, including in every {{.Name}} of the documents\n  hint: import again with --org "Your Company, Inc."');
    expect(await readFile(path.join(dir, 'out', 'policies', 'a.md'), 'utf8')).toContain('\nYour Organization rules.\n');
  });

  it('refuses a non-empty out-dir unless --force, which keeps its .git', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'out', '.git'), { recursive: true });
    await writeFile(path.join(dir, 'out', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(path.join(dir, 'out', 'stale.md'), 'old');
    const refused = await runCli(['import', 'comply', CORPUS, 'out'], { cwd: dir });
    expect([refused.code, refused.stderr]).toEqual([2, 'precept import comply: out is not empty; import into a new folder, or use --force to replace its content (its .git is kept)\n']);
    const forced = await runCli(['import', 'comply', CORPUS, 'out', '--force', '--quiet', '--as-of', TODAY], { cwd: dir });
    expect([forced.code, forced.stdout, forced.stderr]).toEqual([0, '', '']);
    expect(await readFile(path.join(dir, 'out', '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    await expect(stat(path.join(dir, 'out', 'stale.md'))).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['out']);
    const inside = await runCli(['import', 'comply', path.join(dir, 'out'), dir, '--force']);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('holds the comply project being imported');
  });

  it('--format json prints the findings with what check will report, and the summary', async () => {
    const dir = await tmp();
    const run = await runCli(['import', 'comply', CORPUS, path.join(dir, 'out'), '--format', 'json', '--as-of', TODAY, '--org', 'Acme']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    expect(json.summary).toMatchObject({ documents: 36, policies: 27, narratives: 5, controls: 4, errors: 0, warnings: 78, organization: 'Acme', gridTables: 9 });
    expect(json.diagnostics.find((d: { ruleId: string }) => d.ruleId === 'comply-procedure')).toMatchObject({
      file: 'procedures/offboarding.md', line: 2, column: 1, severity: 'warning',
      checkReports: [{ file: 'controls/procedures.yaml', ruleId: 'unreferenced-control', contains: 'control offboard is' }],
    });
    expect(json.files).toHaveLength(36);
  });
});

describe('precept import comply: hostile comply files', () => {
  it('writes valid, literal YAML whatever names, criteria and file names hold', async () => {
    const dir = await tmp();
    const comply = path.join(dir, 'comply');
    await mkdir(path.join(comply, 'policies'), { recursive: true });
    await writeFile(path.join(comply, 'policies', 'evil\nstatus: approved.md'), [
      'name: "Evil\\nowner: root"',
      'acronym: "A\\n- b"',
      'satisfies:',
      '  TSC: ["CC1.1\\nstatus: approved", CC1.1]',
      'majorRevisions:',
      '  - date: "Jun 1 2018 | x"',
      '    comment: "<script>alert(1)</script>\\nnext"',
      '---',
      '<script>alert(1)</script> {{.Name}}',
    ].join('\n'));
    const run = await runCli(['import', 'comply', comply, path.join(dir, 'out'), '--as-of', TODAY, '--org', 'Org\nstatus: approved']);
    expect(run.code, run.stderr).toBe(0);
    const [file] = (await readdir(path.join(dir, 'out', 'policies'))).filter((f) => f.endsWith('.md'));
    expect(file).toBe('evil-status-approved.md');
    const text = await readFile(path.join(dir, 'out', 'policies', file!), 'utf8');
    expect(text.split('\n---\n')[0]).toBe([
      '---',
      'id: evil-status-approved',
      'title: "Evil owner: root"',
      'aliases: [A - b]',
      'version: 1.0.0',
      'status: in-review',
      'owner: to-be-assigned',
      'review:',
      '  cycle: annual',
      'criteria:',
      '  soc2: [CC1.1]',
      '# comply also cited CC1.1 status: approved, which precept\'s catalogues do not have (see the import report)',
      'audience: [all-staff]',
      'classification: internal',
      '# imported from comply: policies/evil status: approved.md',
    ].join('\n'));
    expect(text).toContain('| Jun 1 2018 \\| x | <script>alert(1)</script> next |');
    const config = await readFile(path.join(dir, 'out', 'precept.config.yaml'), 'utf8');
    expect(config).toContain('  name: "Org status: approved"\n');
    const result = await importComply(comply, { asOf: TODAY, organization: 'Org' });
    const { unexpected, unreported } = await unmatchedCheckDiagnostics(path.join(dir, 'out'), result.findings.flatMap((f) => f.expect), TODAY);
    expect([unexpected, unreported]).toEqual([[], []]);
  });
});
