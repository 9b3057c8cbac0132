/**
 * Approvals made before precept: `approve --at --evidence` and `approvals import --csv`, on a repo
 * migrated with `import markdown --status approved`; its signed auditor pack (signed with a key
 * whose name is outside Latin-1) shows them and no approval exceptions.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/paths.js';
import { inOrder } from './helpers/pack-text.js';
import { pdfText, runTool } from './helpers/pdf.js';
import { runCli } from './helpers/run-cli.js';

const git = (dir: string, args: string[], date?: string, who = 'Ana Costa <ana@northwind.example>') => {
  const [name, email] = who.split(/\s*<|>/) as [string, string];
  return execFileSync('git', ['-c', `user.name=${name}`, '-c', `user.email=${email}`, '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
  });
};

/** The GitBook space, written by Ana in spring 2025 and Tom in May, imported as the approved policies in force on 15 January 2026. */
async function migratedRepo() {
  const space = await mkdtemp(path.join(os.tmpdir(), 'precept-hist-src-'));
  await cp(path.join(FIXTURES, 'import-markdown', 'gitbook'), space, { recursive: true });
  git(space, ['init', '-q', '-b', 'main']);
  git(space, ['add', '-A', '--', '.gitbook.yaml', 'SUMMARY.md', 'README.md', '.gitbook', 'security']);
  git(space, ['commit', '-q', '-m', 'Security policies'], '2025-04-14T12:00:00Z');
  git(space, ['add', '-A', '--', 'people']);
  git(space, ['commit', '-q', '-m', 'Onboarding'], '2025-05-20T12:00:00Z', 'Tom Reid <tom.reid@northwind.example>');
  const repo = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-hist-')), 'policies');
  const run = await runCli(['import', 'markdown', space, repo, '--org', 'Northwind Health', '--status', 'approved', '--as-of', '2026-01-15']);
  expect(run.code, run.stderr).toBe(0);
  git(repo, ['init', '-q', '-b', 'main']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'Import policies from GitBook'], '2026-01-15T10:00:00Z');
  return repo;
}

const clock = new Date('2026-01-16T09:00:00Z');

describe('approvals made before precept', () => {
  it('are recorded with their time and evidence, checked like any approval, and leave the pack without approval exceptions', async () => {
    const repo = await migratedRepo();
    const before = await runCli(['check', '--root', repo], { now: clock });
    expect(before.code).toBe(1);
    expect(before.stderr.match(/error approval-missing/g)).toHaveLength(5);

    // One by hand: refused without evidence, in the future, or after the version was committed.
    const refusals: [string[], number, string][] = [
      [['--at', '2025-04-15'], 2, '--at records a decision made before precept: say where it is documented with --evidence TEXT'],
      [['--at', '2026-02-01', '--evidence', 'x'], 1, '--at 2026-02-01: 2026-02-01 is in the future'],
      [['--at', '2026-01-15T11:00:00Z', '--evidence', 'x'], 1, 'access 1.0.0 has been in git since 2026-01-15: a decision after that is recorded when it is made'],
      [['--at', 'last spring', '--evidence', 'x'], 2, '--at must be a date or a time'],
      [['--evidence', 'minutes'], 2, '--evidence goes with --at'],
    ];
    for (const [args, code, message] of refusals) {
      const run = await runCli(['approve', 'access', '--as', 'ana', ...args, '--root', repo], { now: clock });
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toContain(message);
    }
    const byHand = await runCli(['approve', 'access', '--as', 'ana', '--at', '2025-04-10', '--evidence', 'Security committee minutes, 10 April 2025, item 3', '--root', repo], { now: clock });
    expect(byHand.code, byHand.stderr).toBe(0);
    expect(byHand.stdout).toMatch(/^Recorded: ana approved access 1\.0\.0 on 2025-04-10, before precept \(evidence: Security committee minutes, 10 April 2025, item 3\)/);

    // The rest from a spreadsheet: a bad row rejects the file, and nothing is written.
    const rows = [
      'Policy,Approved by,Approved on,Evidence,Version',
      'Encryption,ana@northwind.example,2025-04-10,"Security committee minutes, 10 April 2025, item 4",1.0.0',
      'security,ana,2025-04-10,Security committee minutes 10 April 2025,',
      'northwind-policies,ana,2025-04-11T16:30:00+02:00,DocuSign envelope 5521-AB,',
      'onboarding,tom.reid,2025-05-19,HR leadership meeting notes 19 May 2025,',
    ];
    const bad = path.join(repo, '..', 'bad.csv');
    await writeFile(bad, [...rows, 'onboarding,tom.reid,2025-05-19,again,', 'access,tom.reid,2025-05-19,x,', 'encryption,ana,2025-04-10,,2.0.0'].join('\n'));
    const rejected = await runCli(['approvals', 'import', '--csv', 'bad.csv', '--root', repo], { now: clock, cwd: path.dirname(bad) });
    expect(rejected.code, rejected.stderr).toBe(1);
    expect(rejected.stderr).toContain('bad.csv:6:1 error approval-import repeats line 5: tom.reid deciding on onboarding 1.0.0');
    expect(rejected.stderr).toContain('bad.csv:7:8 error approval-import tom.reid is not an approver of access (approvers: ana)');
    expect(rejected.stderr).toContain('bad.csv:8:27 error approval-import no evidence: say where the decision is documented');
    expect(rejected.stderr).toContain('bad.csv:8:28 error approval-import encryption is at version 1.0.0, not 2.0.0');
    expect(rejected.stderr).toContain('Rejected bad.csv: 3 rows of 7 have problems; nothing was written.');
    const good = path.join(repo, '..', 'approvals.csv');
    await writeFile(good, `${rows.join('\r\n')}\r\n`);
    // Two people import the same file at once: one records it, the other is refused, and each
    // decision is in the ledger once.
    const both = await Promise.all([1, 2].map(() => runCli(['approvals', 'import', '--csv', 'approvals.csv', '--root', repo], { now: clock, cwd: path.dirname(good) })));
    expect(both.map((r) => r.code).sort()).toEqual([0, 1]);
    const imported = both.find((r) => r.code === 0)!;
    expect(both.find((r) => r.code === 1)!.stderr).toMatch(/approvals\.csv:2:1 error approval-import already recorded.*: ana approved encryption 1\.0\.0 on 2025-04-10/);
    expect(imported.stdout).toContain('Recorded 4 approvals made before precept from');
    expect(imported.stdout).toContain('  + northwind-policies 1.0.0 approved by ana on 2025-04-11 (line 4): DocuSign envelope 5521-AB');
    const ledger = (await readFile(path.join(repo, 'records', 'approvals.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ledger).toHaveLength(5);
    expect(ledger[3]).toMatchObject({ policy: 'northwind-policies', approver: 'ana', at: '2025-04-11T14:30:00Z', source: 'import', recorded: '2026-01-16T09:00:00Z',
      evidence: 'DocuSign envelope 5521-AB', import: { file: 'approvals.csv', line: 4 } });
    const again = await runCli(['approvals', 'import', '--csv', good, '--root', repo], { now: clock });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already recorded: ana approved encryption 1.0.0 on 2025-04-10');

    const after = await runCli(['check', '--root', repo], { now: clock });
    expect(after.stderr).not.toContain(' error ');
    expect(after.code).toBe(0);
    const status = await runCli(['approvals', 'status', 'access', '--root', repo], { now: clock });
    expect(status.stdout).toContain('approved 2025-04-10 via import (before precept; evidence: Security committee minutes, 10 April 2025, item 3)');
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'Approvals given before precept'], '2026-01-16T09:05:00Z');

    const key = path.join(path.dirname(repo), 'signer.p12');
    const env = { PRECEPT_SIGN_PASSPHRASE: 'correct horse' };
    expect((await runCli(['keygen', '--out', key, '--name', 'Northwind – Policy Signer', '--root', repo], { env, now: clock })).code).toBe(0);
    const pack = await runCli(['pack', '--from', '2025-01-01', '--to', '2025-12-31', '--sign', key, '--root', repo], { env, now: clock });
    expect(pack.code, pack.stderr).toBe(0);
    const file = path.join(repo, 'dist', 'pack', 'northwind-health-policies-2025-01-01-2025-12-31.pdf');
    expect(runTool('pdfsig', [file]).output).toContain('Signer Certificate Common Name: Northwind – Policy Signer');
    const text = pdfText(file).replace(/\s+/g, ' ');
    expect(text).toMatch(/Versions in force without every approval Days a text was in force before every listed approver had approved it .*? by the approval records\. None\./);
    expect(text).not.toContain('before its last required approval');
    // The approval log says which decisions were made before precept, when recorded, and their evidence.
    // (table cells wrap, so a neighbouring cell's words can fall between the phrases, and the date is written out)
    expect(text.match(/made before precept,/g)).toHaveLength(5);
    expect(text.match(/made before precept, recorded 16 (?:\S+ ){0,4}Jan 2026; evidence:/g)).toHaveLength(5);
    expect(inOrder(text, 'made before precept, recorded 16 Jan 2026; evidence: Security committee minutes, 10 April 2025,', 'item 3', 'records/approvals.jsonl, line 1')).toBe(true);
    expect(inOrder(text, 'made before precept, recorded 16 Jan 2026; evidence: DocuSign', 'envelope 5521-AB', 'records/approvals.jsonl, line 4')).toBe(true);
  });
});
