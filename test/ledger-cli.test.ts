/** `precept ledger verify`, `ledger repair` and `approvals status` through the CLI. */
import { cpSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ROOT, FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const fixture = (name: string) => path.join(FIXTURES, 'check', name);
const copy = (name: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'precept-ledger-cli-'));
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
};

describe('precept ledger verify', () => {
  it('passes the example organisation and names the first bad line of a tampered ledger', async () => {
    const ok = await runCli(['ledger', 'verify', '--root', EXAMPLE_ROOT]);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringMatching(/^records\/approvals\.jsonl: 30 records, chain intact, extends the ledger at HEAD \([0-9a-f]{7}\)\nrecords\/acknowledgements\.jsonl: \d+ records, chain intact, extends the ledger at HEAD \([0-9a-f]{7}\)\nrecords\/distributions\.jsonl: no ledger yet\nrecords\/reminders\.jsonl: no ledger yet\n$/)]);
    const bad = await runCli(['ledger', 'verify', '--root', copy('ledger-tampered')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^records\/approvals\.jsonl:2:1 error ledger-integrity line 2 does not match the hash line 3 records for it/);
    expect(bad.stdout).toBe('records/approvals.jsonl: 2 problems in 4 lines\nrecords/acknowledgements.jsonl: no ledger yet\nrecords/distributions.jsonl: no ledger yet\nrecords/reminders.jsonl: no ledger yet\n');
    const json = JSON.parse((await runCli(['ledger', 'verify', '--format', 'json', '--root', fixture('ledger-reordered')])).stdout);
    expect(json.diagnostics[0]).toMatchObject({ file: 'records/approvals.jsonl', line: 2, ruleId: 'ledger-integrity', message: 'line 2 holds record #3, but record #2 comes later (line 3): records were reordered' });
  });

  it('ledger repair removes a torn last line, says what it removed, and leaves a ledger that verifies', async () => {
    const dir = copy('ledger-torn');
    const before = await readFile(path.join(dir, 'records/approvals.jsonl'), 'utf8');
    const run = await runCli(['ledger', 'repair', '--root', dir]);
    expect(run.code).toBe(0);
    const torn = before.slice(before.lastIndexOf('\n') + 1);
    expect(run.stderr).toBe(`warning: removed the incomplete line 4 (${torn.length} bytes) from records/approvals.jsonl: ${JSON.stringify(torn.slice(0, 200))}\n`); // the first 200 characters
    expect(run.stdout).toBe('records/approvals.jsonl: repaired; 3 records kept\nrecords/acknowledgements.jsonl: nothing to repair\nrecords/distributions.jsonl: nothing to repair\nrecords/reminders.jsonl: nothing to repair\n');
    expect(await readFile(path.join(dir, 'records/approvals.jsonl'), 'utf8')).toBe(before.slice(0, before.lastIndexOf('\n') + 1));
    expect((await runCli(['ledger', 'verify', '--root', dir])).code).toBe(0);
    expect((await runCli(['ledger', 'repair', '--root', dir])).stdout).toBe('records/approvals.jsonl: nothing to repair\nrecords/acknowledgements.jsonl: nothing to repair\nrecords/distributions.jsonl: nothing to repair\nrecords/reminders.jsonl: nothing to repair\n');
  });
});

describe('precept approvals status', () => {
  it('shows who approved what, when, and who is still to decide', async () => {
    const run = await runCli(['approvals', 'status', '--root', fixture('approval-missing')]);
    expect(run.stdout.split('\n')).toEqual([
      'alpha 1.0.0 (approved): waiting for bob',
      '  ✓ ada: approved 2026-01-20 via cli (unsigned)',
      '  ✗ bob: approved an earlier text (version 1.0.0, 2026-01-18)',
      'beta 1.0.0 (approved): waiting for ada, bob',
      '  ✗ ada: rejected 2026-01-21 via cli (unsigned): the scope is too vague',
      '  ✗ bob: approved an earlier text (version 0.9.0, 2025-06-01)',
      'gamma 1.0.0 (approved): waiting for ada, bob',
      '  ✗ ada: no decision recorded',
      '  ✗ bob: no decision recorded',
      '',
    ]);
    const json = JSON.parse((await runCli(['approvals', 'status', 'gamma', '--format', 'json', '--root', fixture('approval-missing')])).stdout);
    expect(json.intact).toBe(true);
    expect(json.policies).toHaveLength(1);
    expect(json.policies[0].others[0].record).toMatchObject({ approver: 'cy', source: 'github:fixture-co/policies#7' });
  });
});
