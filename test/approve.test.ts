/** `precept approve` in a git repo: who may approve, what the record binds to, and check's view of it. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { tinyOrg } from './helpers/tiny-org.js';

const now = new Date('2026-11-25T12:00:00Z');
// check judges the clock's day here (the fixture's review dates are later than its commit).
const cli = (root: string, ...argv: string[]) => runCli([...argv, '--root', root], { now });
const ledger = async (root: string) => (await readFile(path.join(root, 'records', 'approvals.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('precept approve', () => {
  it('records approvals bound to the content hash and HEAD, and check counts them', async () => {
    const repo = await tinyOrg();
    const head = repo.git('rev-parse', 'HEAD').trim();
    let run = await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--note', 'looks right');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(/^Recorded: ada approved alpha 1\.0\.0 \(content sha256:[0-9a-f]{12}…\), line 1 of records\/approvals\.jsonl\.$/),
      'alpha 1.0.0 has 1 of 2 approvals; waiting for: bob.',
      '',
    ]);
    const [first] = await ledger(repo.dir);
    expect(first).toMatchObject({ seq: 1, policy: 'alpha', version: '1.0.0', approver: 'ada', decision: 'approved', at: '2026-11-25T12:00:00Z', source: 'cli', commit: head, note: 'looks right' });
    expect((await cli(repo.dir, 'check', '--as-of', 'today')).stderr).toContain('policies/alpha.md:7:18 error approval-missing no approval from bob for version 1.0.0');

    run = await cli(repo.dir, 'approve', 'policies/alpha.md', '--as', 'bob');
    expect(run.stdout).toContain('alpha 1.0.0 has every approval (ada, bob).');
    for (const person of ['ada', 'bob']) expect((await cli(repo.dir, 'approve', 'beta', '--as', person)).code).toBe(0);
    const checked = await cli(repo.dir, 'check', '--as-of', 'today');
    expect([checked.code, checked.stderr]).toEqual([0, '']);

    run = await cli(repo.dir, 'approve', 'alpha', '--as', 'bob');
    expect(run.stdout).toMatch(/^Already recorded: bob approved alpha 1\.0\.0 on 2026-11-25 \(line 2 of records\/approvals\.jsonl\); nothing written\./);
    expect(await ledger(repo.dir)).toHaveLength(4);

    run = await cli(repo.dir, 'approve', 'alpha', '--as', 'bob', '--reject', '--note', 'section 2 contradicts the encryption policy');
    expect(run.stdout).toContain('alpha 1.0.0 has 1 of 2 approvals; waiting for: bob (rejected).');
    expect((await cli(repo.dir, 'check', '--as-of', 'today')).stderr).toContain('policies/alpha.md:7:18 error approval-missing bob rejected version 1.0.0 on 2026-11-25 (cli): section 2 contradicts the encryption policy');
  });

  it('refuses people who may not approve, and text edited without a version bump', async () => {
    const repo = await tinyOrg();
    const refusals: [string[], number, string][] = [
      [['approve', 'alpha', '--as', 'eve'], 1, 'precept approve: eve is not an approver of alpha (approvers: ada, bob)\n'],
      [['approve', 'alpha', '--as', 'cy'], 1, 'precept approve: cy is not on staff on 2026-11-25 (start/end in people.yaml)\n'],
      [['approve', 'alpha', '--as', 'bobb'], 2, 'precept approve: no person "bobb" in people.yaml - did you mean bob?\n'],
      [['approve', 'alpah', '--as', 'bob'], 2, 'precept approve: no policy "alpah" - did you mean alpha?\n'],
      [['approve', 'alpha'], 2, 'precept approve: missing --as PERSON: who is approving\n'],
    ];
    for (const [argv, code, stderr] of refusals) {
      const run = await cli(repo.dir, ...argv);
      expect([run.code, run.stderr.split('Run `')[0]]).toEqual([code, stderr]);
    }
    const file = path.join(repo.dir, 'policies', 'alpha.md');
    await repo.write({ 'policies/alpha.md': (await readFile(file, 'utf8')).replace('MUST follow', 'MUST always follow') });
    let run = await cli(repo.dir, 'approve', 'alpha', '--as', 'bob');
    expect([run.code, run.stderr]).toEqual([1, 'precept approve: policies/alpha.md was edited since HEAD without a version bump (still 1.0.0); bump the version, then approve\n']);
    await repo.write({ 'policies/alpha.md': (await readFile(file, 'utf8')).replace('version: 1.0.0', 'version: 2.0.0') });
    run = await cli(repo.dir, 'approve', 'alpha', '--as', 'bob');
    expect(run.code, run.stderr).toBe(0);
    expect((await ledger(repo.dir))[0]).not.toHaveProperty('commit'); // not committed: no commit to name
  });

  it('refuses a version number already approved with other content, even when the edit was committed', async () => {
    const repo = await tinyOrg();
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada')).code).toBe(0);
    const file = path.join(repo.dir, 'policies', 'alpha.md');
    await repo.write({ 'policies/alpha.md': (await readFile(file, 'utf8')).replace('MUST follow', 'should follow') });
    repo.commit('soften alpha without a bump', '2026-11-20T10:00:00Z');
    const run = await cli(repo.dir, 'approve', 'alpha', '--as', 'bob');
    expect([run.code, run.stderr]).toEqual([1, 'precept approve: policies/alpha.md: version 1.0.0 was approved by ada on 2026-11-25 with different content; bump the version for the edit, then approve\n']);
  });

  it('says when there is no git history to check against', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-nogit-'));
    cpSync(path.join(FIXTURES, 'check', 'clean'), dir, { recursive: true });
    const run = await cli(dir, 'approve', 'beta', '--as', 'ada');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('note: not in a git repository: could not check that this text is the one committed for its version\n');
  });
});
