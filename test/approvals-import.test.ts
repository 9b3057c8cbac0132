/** `precept approvals import`: a merged pull request's GitHub reviews become approval records. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewerVerdicts, type GithubReview } from '../src/records/approvals/github-reviews.js';
import type { TestRepo } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';
import { policyText, tinyOrg } from './helpers/tiny-org.js';

const now = new Date('2026-11-25T12:00:00Z');
const cli = (root: string, ...argv: string[]) => runCli([...argv, '--root', root], { now, cwd: root });
const review = (id: number, login: string, state: string, at: string, commit: string) =>
  ({ id, user: { login }, state, submitted_at: at, commit_id: commit, body: 'untrusted ][ text', html_url: `https://github.com/acme/policies/pull/42#pullrequestreview-${id}` });

/** tinyOrg with fay on the roster and alpha, beta approved on main; returns the repo and the base commit. */
async function orgWithApprovals(): Promise<{ repo: TestRepo; base: string }> {
  const repo = await tinyOrg();
  const people = await readFile(path.join(repo.dir, 'people.yaml'), 'utf8');
  await repo.write({ 'people.yaml': `${people}  - id: fay\n    name: Fay Finance\n    email: fay@fixture.example\n    github: fay-gh\n    start: 2021-01-01\n` });
  repo.commit('fay joins', '2026-03-01T10:00:00Z');
  for (const [policy, person] of [['alpha', 'ada'], ['alpha', 'bob'], ['beta', 'ada'], ['beta', 'bob']] as const) {
    expect((await cli(repo.dir, 'approve', policy, '--as', person)).code).toBe(0);
  }
  return { repo, base: repo.commit('approvals', '2026-03-02T10:00:00Z') };
}

describe('precept approvals import', () => {
  it('records approvers of changed policies, bound to the merged text, and reports everything else', async () => {
    const { repo, base } = await orgWithApprovals();
    repo.git('checkout', '-q', '-b', 'pr');
    const alpha = await readFile(path.join(repo.dir, 'policies/alpha.md'), 'utf8');
    await repo.write({
      'policies/alpha.md': alpha.replace('version: 1.0.0', 'version: 1.1.0').replace('MUST follow this policy.', 'MUST follow this policy and report breaches.'),
      'policies/gamma.md': policyText('gamma', { approvers: '[ada, bob, fay]' }),
    });
    const c1 = repo.commit('alpha 1.1.0 and gamma', '2026-04-01T10:00:00Z');
    await repo.write({ 'policies/alpha.md': alpha.replace('version: 1.0.0', 'version: 1.1.0').replace('MUST follow this policy.', 'MUST follow this policy and report breaches within a day.') });
    const c2 = repo.commit('alpha: breach reports within a day', '2026-04-02T10:00:00Z');
    repo.git('checkout', '-q', 'main');
    repo.git('-c', 'user.name=Merger', '-c', 'user.email=m@example.com', 'merge', '-q', '--no-ff', '-m', 'Merge pull request #42', 'pr');
    const head = repo.git('rev-parse', 'HEAD').trim();
    const reviews = [
      review(1, 'bobapprover', 'APPROVED', '2026-04-01T12:00:00Z', c1),
      review(2, 'fay-gh', 'APPROVED', '2026-04-01T13:00:00Z', c1),
      review(3, 'ADA-O', 'COMMENTED', '2026-04-02T09:00:00Z', c1),
      review(4, 'fay-gh', 'CHANGES_REQUESTED', '2026-04-02T11:00:00Z', c2),
      review(5, 'ada-o', 'APPROVED', '2026-04-02T12:00:00Z', c2),
      review(6, 'mallory', 'APPROVED', '2026-04-02T12:30:00Z', c2),
      review(7, 'Eve-Eng', 'APPROVED', '2026-04-02T13:00:00Z', c2),
    ];
    await writeFile(path.join(repo.dir, 'reviews.json'), JSON.stringify(reviews));

    const dry = await cli(repo.dir, 'approvals', 'import', '--github', 'reviews.json', '--pr', 'acme/policies#42', '--dry-run');
    expect(dry.stdout).toContain('Would record 3 approvals in records/approvals.jsonl:\n');
    const before = await readFile(path.join(repo.dir, 'records/approvals.jsonl'), 'utf8');

    const run = await cli(repo.dir, 'approvals', 'import', '--github', 'reviews.json', '--pr', 'acme/policies#42');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')).toEqual([
      `github:acme/policies#42 changed 2 policies between ${base.slice(0, 7)} and ${head.slice(0, 7)}: alpha (1.0.0 -> 1.1.0), gamma (new, 1.0.0).`,
      'Recorded 3 approvals in records/approvals.jsonl:',
      '  + gamma 1.0.0 approved by bob on 2026-04-01T12:00:00Z (line 5)',
      '  + alpha 1.1.0 approved by ada on 2026-04-02T12:00:00Z (line 6)',
      '  + gamma 1.0.0 approved by ada on 2026-04-02T12:00:00Z (line 7)',
      'Not recorded (4):',
      `  - @bobapprover (bob) approved commit ${c1.slice(0, 7)}, where alpha read differently than at ${head.slice(0, 7)}; not recorded`,
      "  - @fay-gh's approval of 2026-04-01 was superseded by changes requested on 2026-04-02",
      '  - @mallory approved, but nobody in people.yaml has github: mallory',
      '  - @Eve-Eng (eve) approved, but is not an approver of any policy this pull request changed (alpha, gamma)',
      'Still waiting: alpha needs approval from bob.',
      'Still waiting: gamma needs approval from fay.',
      '',
    ]);
    const lines = (await readFile(path.join(repo.dir, 'records/approvals.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.slice(0, 4)).toEqual(before.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    expect(lines[5]).toMatchObject({ seq: 6, policy: 'alpha', version: '1.1.0', approver: 'ada', source: 'github:acme/policies#42', commit: head, review: 5, reviewer: 'ada-o' });

    const again = await cli(repo.dir, 'approvals', 'import', '--github', 'reviews.json', '--pr', 'acme/policies#42');
    expect(again.stdout).toContain('Recorded 0 approvals.\n');
    expect(again.stdout).toContain("  - @ada-o (ada)'s approval of alpha 1.1.0 is already recorded (line 6)\n");
    expect((await readFile(path.join(repo.dir, 'records/approvals.jsonl'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(7);

    const check = await cli(repo.dir, 'check');
    expect(check.stderr).toContain('policies/alpha.md:7:18 error approval-missing bob approved version 1.0.0, not version 1.1.0');
    expect(check.stderr).toContain('policies/gamma.md:7:23 error approval-missing no approval from fay for version 1.0.0');
  });

  it('after a squash merge, records approvals of commits it cannot see, with a warning', async () => {
    const { repo } = await orgWithApprovals();
    const alpha = await readFile(path.join(repo.dir, 'policies/alpha.md'), 'utf8');
    await repo.write({ 'policies/alpha.md': alpha.replace('version: 1.0.0', 'version: 1.0.1').replace('this policy', 'this Policy') });
    repo.commit('Fix capitalisation (#43)', '2026-05-01T10:00:00Z');
    const gone = 'f'.repeat(40);
    await writeFile(path.join(repo.dir, 'reviews.json'), JSON.stringify([[review(9, 'ada-o', 'APPROVED', '2026-04-30T10:00:00Z', gone)], [review(10, 'bobapprover', 'APPROVED', '2026-04-30T11:00:00Z', gone)]]));
    const run = await cli(repo.dir, 'approvals', 'import', '--github', 'reviews.json', '--pr', 'acme/policies#43');
    expect(run.stdout).toContain('Recorded 2 approvals');
    expect(run.stderr).toBe(`warning: @ada-o (ada) reviewed commit fffffff, which is not in this clone: could not check that alpha read the same then (fetch the pull request's commits, or have GitHub dismiss stale approvals)\n`
      + `warning: @bobapprover (bob) reviewed commit fffffff, which is not in this clone: could not check that alpha read the same then (fetch the pull request's commits, or have GitHub dismiss stale approvals)\n`);
    expect((await cli(repo.dir, 'check')).code).toBe(0);
  });

  it('refuses bad input with exit 2 and a clear message', async () => {
    const { repo } = await orgWithApprovals();
    await writeFile(path.join(repo.dir, 'bad.json'), '{"message":"Not Found","documentation_url":"https://docs.github.com"}');
    const cases: [string[], RegExp][] = [
      [['--github', 'bad.json', '--pr', 'acme/policies#1'], /bad\.json is not a list of reviews \(GitHub said: Not Found\)/],
      [['--github', 'bad.json', '--pr', 'acme/policies'], /--pr must look like owner\/repo#42, got "acme\/policies"/],
      [['--github', 'missing.json', '--pr', 'a/b#1'], /cannot read missing\.json/],
      [['--pr', 'a/b#1'], /missing --github FILE/],
    ];
    for (const [argv, stderr] of cases) {
      const run = await cli(repo.dir, 'approvals', 'import', ...argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(stderr);
    }
  });
});

describe('deciding reviews', () => {
  const r = (id: number, login: string, state: string, at: string): GithubReview => ({ id, login, state, submittedAt: at, commitId: undefined });
  it('takes the latest review that is not a comment, per reviewer, case-insensitively', () => {
    const verdicts = reviewerVerdicts([
      r(1, 'a', 'APPROVED', '2026-01-01T00:00:00Z'), r(2, 'A', 'COMMENTED', '2026-01-02T00:00:00Z'),
      r(3, 'b', 'APPROVED', '2026-01-01T00:00:00Z'), r(4, 'b', 'DISMISSED', '2026-01-03T00:00:00Z'),
      r(5, 'c', 'CHANGES_REQUESTED', '2026-01-01T00:00:00Z'), r(6, 'c', 'APPROVED', '2026-01-04T00:00:00Z'),
      r(7, 'd', 'PENDING', '2026-01-05T00:00:00Z'),
    ]);
    expect(verdicts.map((v) => [v.login, v.verdict.state, v.overridden?.id])).toEqual([
      ['a', 'APPROVED', undefined], ['b', 'DISMISSED', 3], ['c', 'APPROVED', undefined],
    ]);
  });
});
