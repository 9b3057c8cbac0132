/** precept ack, acks import, acks status and due through the CLI, on a repo with history. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/records/acks/csv.js';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import { ackOrg } from './helpers/ack-org.js';
import type { TestRepo } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';

const now = new Date('2026-11-25T12:00:00Z');
const LEDGER = 'records/acknowledgements.jsonl';
const ledgerOf = (repo: TestRepo) => {
  const bytes = readFileSync(path.join(repo.dir, LEDGER));
  const parsed = parseLedger(LEDGER, bytes, ACKS_LEDGER);
  expect(parsed.diagnostics).toEqual([]);
  return { text: bytes.toString('utf8'), records: parsed.entries.map((e) => e.record) };
};
const cli = (repo: TestRepo, args: string[]) => runCli([...args, '--root', repo.dir], { cwd: repo.dir, now });
/** The diagnostic lines (no code frames) of a run's stderr. */
const problems = (stderr: string) => stderr.split('\n').filter((l) => /^\S+:\d+:\d+ error /.test(l));

describe('precept ack', () => {
  it('records the version in force for a person on staff, once; refuses leavers, superseded versions and impossible times', async () => {
    const repo = await ackOrg({ draft: true });
    const first = await cli(repo, ['ack', 'alpha', '--as', 'bob']);
    expect([first.code, first.stdout]).toEqual([0, `Recorded: bob acknowledged alpha 2.0.0 at 2026-11-25T12:00:00Z, line 1 of ${LEDGER}.\n`]);
    const again = await cli(repo, ['ack', 'policies/alpha.md', '--as', 'bob@fixture.example']);
    expect(again.stdout).toBe(`Already recorded: bob acknowledged alpha 2.0.0 at 2026-11-25T12:00:00Z (line 1 of ${LEDGER}); nothing written.\n`);
    const refused = async (args: string[]) => { const r = await cli(repo, args); return `${r.code} ${r.stderr.trim()}`; };
    expect(await refused(['ack', 'alpha', '--as', 'cy'])).toBe('1 precept ack: cy is not on staff on 2026-11-25 (start/end in people.yaml); use --at for an acknowledgement given earlier');
    expect(await refused(['ack', 'alpha', '--as', 'ada', '--version', '1.1.0'])).toBe('1 precept ack: alpha 1.1.0 has been superseded by 2.0.0, in force since 2026-07-01; read and acknowledge that version');
    expect(await refused(['ack', 'alpha', '--as', 'ada', '--version', '1.0.0', '--at', '2026-01-05'])).toBe('1 precept ack: 2026-01-05 is before alpha 1.0.0 existed (2026-01-10)');
    expect(await refused(['ack', 'alpha', '--as', 'zed'])).toBe('2 precept ack: no person "zed" in people.yaml\nRun `precept ack --help` for usage.');
    // A paper form signed while 1.x was in force: recorded with the time given and when it was written.
    const paper = await cli(repo, ['ack', 'alpha', '--as', 'cy', '--at', '2026-04-15T15:00:00Z', '--note', 'paper form']);
    expect(paper.stdout).toBe(`Recorded: cy acknowledged alpha 1.1.0 at 2026-04-15T15:00:00Z, line 2 of ${LEDGER}.\n`);
    expect(ledgerOf(repo).records[1]).toMatchObject({ person: 'cy', version: '1.1.0', source: 'cli', at: '2026-04-15T15:00:00Z', recorded: '2026-11-25T12:00:00Z', note: 'paper form' });
  });
});

describe('precept acks import', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await ackOrg({ draft: true });
  });

  it('rejects a file with any bad row whole, listing every bad row at its line and cell, and writes nothing', async () => {
    await cli(repo, ['ack', 'alpha', '--as', 'eve']);
    const before = ledgerOf(repo).text;
    writeFileSync(path.join(repo.dir, 'lms.csv'), [
      'Email,Policy,Version,Acknowledged at',
      'bob@fixture.example,alpha,2.0.0,2026-07-03T10:00:00Z',
      'zed@fixture.example,alpha,2.0.0,2026-07-03',
      'ada@fixture.example,Alpha Policy,1.0.0,2026-01-05',
      'ada@fixture.example,gamma,1.0.0,2026-03-01',
      'bob@fixture.example,alpha,2.0.0,2026-07-04',
      'cy@fixture.example,alpha,2.0.0,2026-07-02',
      'ada@fixture.example,alpha,3.0.0,2026-07-02',
      'ada@fixture.example,alpha,2.1.0,2026-11-01',
      'fay.newhire@fixture.example,alpha,2.0.0,2026-12-01',
      'eve,alpha,2.0.0,2026-11-24',
      'ada,beta,1.0.0,yesterday',
      '',
    ].join('\n'));
    const run = await cli(repo, ['acks', 'import', 'lms.csv']);
    expect(run.code).toBe(1);
    expect(problems(run.stderr)).toEqual([
      'lms.csv:3:1 error ack-import unknown person "zed@fixture.example" - did you mean dee@fixture.example?',
      'lms.csv:4:40 error ack-import 2026-01-05 is before alpha 1.0.0 existed (2026-01-10)',
      'lms.csv:5:21 error ack-import unknown policy "gamma"',
      'lms.csv:6:1 error ack-import repeats line 2: bob acknowledging alpha 2.0.0',
      'lms.csv:7:32 error ack-import cy left on 2026-06-30, before 2026-07-02',
      'lms.csv:8:27 error ack-import alpha never had version 3.0.0 (known: 1.0.0, 1.1.0, 2.0.0, 2.1.0)',
      'lms.csv:9:27 error ack-import alpha 2.1.0 was never approved (it is draft); only approved versions can be acknowledged',
      'lms.csv:10:41 error ack-import 2026-12-01T00:00:00Z is in the future',
      `lms.csv:11:1 error ack-import already recorded: eve acknowledged alpha 2.0.0 on 2026-11-25 (${LEDGER} line 1)`,
      'lms.csv:12:16 error ack-import cannot read the time "yesterday"',
    ]);
    expect(run.stderr).toContain('> 3 | zed@fixture.example,alpha,2.0.0,2026-07-03\n    | ^^^^^^^^^^^^^^^^^^^');
    expect(run.stdout).toBe('Rejected lms.csv: 10 rows of 11 have problems; nothing was written.\n');
    expect(ledgerOf(repo).text).toBe(before);
  });

  it('imports a valid file in one append, each record pointing at its row; --skip-recorded for cumulative exports', async () => {
    const file = path.join(repo.dir, 'hr.csv');
    // A semicolon export with a byte-order mark, CRLF, quoted cells and its own column names (config + flag).
    writeFileSync(file, '\uFEFF"Employee Email";Course;Rev;"Done, at"\r\nBOB@fixture.example;"Alpha Policy";2.0.0;2026-07-03 10:15\r\nada;beta;1.0.0;2026-02-20T11:00:00+02:00\r\n');
    await repo.write({ 'precept.config.yaml': `${readFileSync(path.join(repo.dir, 'precept.config.yaml'), 'utf8')}acknowledgement:\n  import:\n    columns:\n      person: employee email\n      policy: Course\n      version: Rev\n` });
    const dry = await cli(repo, ['acks', 'import', 'hr.csv', '--time-column', 'Done, at', '--dry-run']);
    expect([dry.code, dry.stdout]).toEqual([0, 'hr.csv: 2 acknowledgements to import, every row valid; nothing written (--dry-run).\n']);
    const run = await cli(repo, ['acks', 'import', 'hr.csv', '--time-column', 'Done, at']);
    expect([run.code, run.stdout]).toEqual([0, `Imported 2 acknowledgements from hr.csv into ${LEDGER} (lines 2-3).\n`]);
    const { records } = ledgerOf(repo);
    expect(records.slice(1)).toEqual([
      expect.objectContaining({ person: 'bob', policy: 'alpha', version: '2.0.0', at: '2026-07-03T10:15:00Z', source: 'import', recorded: '2026-11-25T12:00:00Z', import: { file: 'hr.csv', line: 2, sha256: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } }),
      expect.objectContaining({ person: 'ada', policy: 'beta', version: '1.0.0', at: '2026-02-20T09:00:00Z', import: expect.objectContaining({ line: 3 }) }),
    ]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}eve;alpha;2.0.0;2026-11-24\r\nfay.newhire@FIXTURE.example;alpha;2.0.0;2026-09-01\r\n`);
    const again = await cli(repo, ['acks', 'import', 'hr.csv', '--time-column', 'Done, at']);
    expect(again.code).toBe(1);
    expect(problems(again.stderr)).toHaveLength(3);
    const skipping = await cli(repo, ['acks', 'import', 'hr.csv', '--time-column', 'Done, at', '--skip-recorded']);
    expect(skipping.stdout).toBe(`Imported 1 acknowledgement from hr.csv into ${LEDGER} (line 4); 3 rows already recorded, skipped.\n`);
    expect(ledgerOf(repo).records[3]).toMatchObject({ person: 'fay', import: { line: 5 } });
  });

  it('says which column it could not find', async () => {
    writeFileSync(path.join(repo.dir, 'bad.csv'), 'who,what,when\nada,alpha,2026-07-02\n');
    const run = await cli(repo, ['acks', 'import', 'bad.csv', '--person-column', 'who']);
    expect(problems(run.stderr)).toEqual([
      'bad.csv:1:1 error ack-import no column "Course" for the policy (an id or title); the header has: who, what, when',
      'bad.csv:1:1 error ack-import no column "Rev" for the version; the header has: who, what, when',
      'bad.csv:1:1 error ack-import no column for the time acknowledged: looked for at, time, acknowledged at, acknowledged…; name it with --time-column or acknowledgement.import.columns.at in the config',
    ]);
  });
});

describe('CSV', () => {
  it('reads quoted fields with doubled quotes and line breaks, and keeps each cell\'s line and column', () => {
    const csv = parseCsv('a,b\n"x ""y""","multi\nline"\n\n1,2');
    expect(csv).toMatchObject({ ok: true, delimiter: ',', rows: [
      { line: 2, cells: [{ value: 'x "y"', line: 2, column: 1 }, { value: 'multi\nline', line: 2, column: 11 }] },
      { line: 5, cells: [{ value: '1', line: 5, column: 1 }, { value: '2', line: 5, column: 3 }] },
    ] });
    expect(parseCsv('a,b\n"open,2\n')).toEqual({ ok: false, line: 2, column: 1, message: 'a quoted field is never closed' });
    expect(parseCsv('a\tb\n1\t2\n')).toMatchObject({ ok: true, delimiter: '\t', rows: [{ cells: [{ value: '1' }, { value: '2' }] }] });
  });
});

describe('precept acks status and precept due', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await ackOrg();
    for (const [who, at] of [['ada', '2026-07-02'], ['bob', '2026-08-15']] as const) await cli(repo, ['ack', 'alpha', '--as', who, '--at', at]);
  });

  it('shows the share per policy, who is pending and overdue, and what each person owes', async () => {
    const run = await cli(repo, ['acks', 'status', '--as-of', '2026-09-01']);
    expect(run.stdout).toBe(`Acknowledgements as of 2026-09-01 (30 days' grace)

policy  version  required  acknowledged  share  pending  overdue
alpha   2.0.0           4             2    50%        1        1
beta    1.0.0           1             0     0%        0        1

2 of 5 acknowledgements given (40%), 1 pending, 2 overdue.

Overdue (past their deadline):
  alpha 2.0.0 (1): eve (due 2026-07-31)
  beta 1.0.0 (1): ada (due 2026-03-03)

Pending (within their grace period):
  alpha 2.0.0 (1): fay (due 2026-09-09)

By person (what each still owes):
  ada (Ada Owner): beta 1.0.0 overdue (was due 2026-03-03)
  eve (Eve Engineer): alpha 2.0.0 overdue (was due 2026-07-31)
  fay (Fay Newhire): alpha 2.0.0 due 2026-09-09
`);
    const csv = (await cli(repo, ['acks', 'status', '--as-of', '2026-09-01', '--format', 'csv', '--policy', 'alpha'])).stdout.split('\n');
    expect(csv.slice(0, 3)).toEqual([
      'policy,title,version,major_step,person,name,email,state,deadline,acknowledged_version,acknowledged_at,late',
      'alpha,Alpha Policy,2.0.0,2.0.0,ada,Ada Owner,ada@fixture.example,acknowledged,2026-07-31,2.0.0,2026-07-02T00:00:00Z,false',
      'alpha,Alpha Policy,2.0.0,2.0.0,bob,Bob Approver,bob@fixture.example,acknowledged,2026-07-31,2.0.0,2026-08-15T00:00:00Z,true',
    ]);
    const json = JSON.parse((await cli(repo, ['acks', 'status', '--as-of', '2026-09-01', '--format', 'json', '--person', 'eve'])).stdout);
    expect(json.policies.find((p: { policy: string }) => p.policy === 'alpha')).toMatchObject({ required: 1, acknowledged: 0, overdue: [{ person: 'eve', deadline: '2026-07-31', daysOverdue: 32 }] });
    expect(json.people).toEqual([{ person: 'eve', name: 'Eve Engineer', email: 'eve@fixture.example', owes: [{ policy: 'alpha', version: '2.0.0', step: '2.0.0', person: 'eve', state: 'overdue', deadline: '2026-07-31', daysOverdue: 32 }] }]);
  });

  it('due lists reviews, acknowledgements and approvals coming due or late, as Markdown and JSON', async () => {
    const run = await cli(repo, ['due', '--as-of', '2026-09-01', '--within', '2w']);
    expect(run.stdout).toBe(`## Due as of 2026-09-01 (next 14 days, until 2026-09-15)

**Reviews:** 0 overdue, 0 due by 2026-09-15 · **Acknowledgements:** 2 overdue, 1 due by 2026-09-15 · **Approvals:** 2 policies missing approvals

### Acknowledgements overdue

| Person | Policies |
|---|---|
| Ada Owner (\`ada\`) | \`beta\` 1.0.0 (due 2026-03-03, 182 days late) |
| Eve Engineer (\`eve\`) | \`alpha\` 2.0.0 (due 2026-07-31, 32 days late) |

### Acknowledgements due by 2026-09-15

| Person | Policies |
|---|---|
| Fay Newhire (\`fay\`) | \`alpha\` 2.0.0 (due 2026-09-09, in 8 days) |

### Approvals missing

| Policy | Version | Status | Waiting for |
|---|---|---|---|
| Alpha Policy (\`alpha\`) | 2.0.0 | approved | \`ada\`, \`bob\` |
| Beta Policy (\`beta\`) | 1.0.0 | approved | \`ada\`, \`bob\` |
`);
    const json = JSON.parse((await cli(repo, ['due', '--as-of', '2027-01-20', '--within', '30', '--format', 'json'])).stdout);
    expect(json.reviews).toEqual([
      { policy: 'beta', title: 'Beta Policy', file: 'policies/beta.md', version: '1.0.0', owner: 'ada', next: '2027-02-01', state: 'due-soon', daysLeft: 12 },
    ]);
    expect(json.acknowledgements.overdue.map((p: { person: string }) => p.person)).toEqual(['ada', 'eve', 'fay']);
    expect((await cli(repo, ['due', '--within', 'soon'])).stderr).toMatch(/--within must be a number of days or weeks such as 30d or 4w, got "soon"/);
  });
});
