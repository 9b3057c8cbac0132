/**
 * The composite action (action.yml) run locally: its `run` steps are executed as GitHub
 * would run them, in a test repository with a bare origin, with fixture event and review JSON
 * and a stand-in `gh`. The same scripts the docs/github-workflow.md example uses.
 */
import { approveAll } from './helpers/approve-all.js';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, PROJECT_ROOT } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { tinyOrg } from './helpers/tiny-org.js';

interface Step { name: string; if?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }
const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };
const GH = path.join(FIXTURES, 'github');

/** Fills a fixture's ${NAME} placeholders. */
const fill = (file: string, values: Record<string, string>) => readFileSync(path.join(GH, file), 'utf8').replace(/\$\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** Runs the action's steps for `inputs` the way the runner would; returns the outputs a workflow author sees. */
function runAction(workspace: string, inputs: Record<string, string>, github: Record<string, string>) {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'precept-runner-'));
  const files = { GITHUB_ENV: path.join(temp, 'env'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary.md'), FAKE_GH_LOG: path.join(temp, 'gh.log') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const bin = path.join(temp, 'bin');
  mkdirSync(bin);
  execFileSync('cp', [path.join(GH, 'fake-gh.sh'), path.join(bin, 'gh')]);
  const all = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? (v.default?.includes('${{') ? 'test-token' : v.default ?? '')]));
  const expr = (s: string) => s.replace(/\$\{\{\s*(inputs\.([\w-]+)|runner\.temp|github\.token)\s*\}\}/g, (_, e: string, name?: string) => (name ? all[name]! : e === 'runner.temp' ? temp : 'test-token'));
  const condition = (s: string | undefined) => !s || s.replace('always() && ', '').split(' && ').every((c) => {
    const m = /^inputs\.([\w-]+) == '([^']*)'$/.exec(c.trim());
    if (!m) throw new Error(`test runner cannot evaluate: ${c}`);
    return all[m[1]!] === m[2];
  });
  let stdout = '';
  let failed: string | undefined;
  const uploads: string[] = [];
  for (const step of action.runs.steps) {
    if (failed || !condition(step.if)) continue;
    if (step.uses) {
      uploads.push(expr(step.with?.['path'] ?? ''));
      continue;
    }
    const exported = Object.fromEntries(readFileSync(files.GITHUB_ENV, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const env = {
      ...process.env, ...files, ...github, ...exported, NO_COLOR: '1', PATH: `${bin}:${process.env['PATH']}`, RUNNER_TEMP: temp,
      GITHUB_ACTION_PATH: PROJECT_ROOT, GITHUB_WORKSPACE: workspace,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(v)])),
    };
    const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd: workspace, env, encoding: 'utf8' });
    stdout += r.stdout + r.stderr;
    if (r.status !== 0) failed = `${step.name} exited ${r.status}`;
  }
  return { failed, stdout, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), gh: readFileSync(files.FAKE_GH_LOG, 'utf8'), uploads };
}

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

/** The fake GitHub API in a child process (the action's steps run with spawnSync); its state is read from a file. */
async function fakeApi(token: string) {
  const stateFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'precept-api-')), 'state.json');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/helpers/fake-github-server.ts'), stateFile, token], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    url: line.toString().trim(),
    state: () => JSON.parse(readFileSync(stateFile, 'utf8')) as { comments: Record<string, { id: number; body: string; user: { login: string } }[]>; requests: string[] },
    stop: () => child.kill('SIGTERM'),
  };
}

describe('the GitHub Action', () => {
  it('is a composite action whose run steps are scripts shipped beside it', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps.filter((s) => s.run)) {
      const script = /scripts\/github\/[\w-]+\.sh/.exec(step.run!)?.[0];
      expect(script && existsSync(path.join(PROJECT_ROOT, script)), step.name).toBe(true);
    }
  });

  it('on a pull request annotates and summarises; after the merge records the approvals, pushes the ledger and checks', async () => {
    const repo = await tinyOrg();
    const origin = mkdtempSync(path.join(os.tmpdir(), 'precept-origin-'));
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    // The policy repo installs precept; setup-precept.sh finds it there.
    await repo.write({ '.gitignore': 'node_modules/\n', 'node_modules/.bin/precept': `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n` });
    chmodSync(path.join(repo.dir, 'node_modules/.bin/precept'), 0o755);
    for (const [policy, person] of [['alpha', 'ada'], ['alpha', 'bob'], ['beta', 'ada'], ['beta', 'bob']] as const) {
      await runCli(['approve', policy, '--as', person, '--root', repo.dir], { now: new Date('2026-02-01T10:00:00Z') });
    }
    const base = repo.commit('approved policies', '2026-02-01T11:00:00Z');
    repo.git('remote', 'add', 'origin', origin);
    repo.git('push', '-q', 'origin', 'main');

    repo.git('checkout', '-q', '-b', 'alpha-breaches');
    const alpha = readFileSync(path.join(repo.dir, 'policies/alpha.md'), 'utf8');
    await repo.write({ 'policies/alpha.md': alpha.replace('version: 1.0.0', 'version: 2.0.0').replace('MUST follow this policy.', 'MUST follow this policy and report breaches within a day.') });
    const prHead = repo.commit('alpha: breach reports within a day', '2026-04-01T10:00:00Z');
    const values = { BASE_SHA: base, PR_HEAD_SHA: prHead };
    const temp = mkdtempSync(path.join(os.tmpdir(), 'precept-events-'));
    writeFileSync(path.join(temp, 'pull_request.json'), fill('event-pull-request.json', values));

    const api = await fakeApi('test-token');
    const prEnv = { GITHUB_EVENT_PATH: path.join(temp, 'pull_request.json'), GITHUB_REPOSITORY: 'acme/policies', GITHUB_API_URL: api.url, GITHUB_SERVER_URL: 'https://github.test', GITHUB_RUN_ID: '901' };
    let pr;
    try {
      pr = runAction(repo.dir, { mode: 'pr' }, { ...prEnv, GITHUB_SHA: prHead });
      expect(pr.failed, pr.stdout).toBeUndefined();
      expect(pr.stdout).toContain('Commented on acme/policies#42: https://github.test/acme/policies/pull/42#issuecomment-1000\n');
      let comments = api.state().comments['42']!;
      expect(comments.map((c) => [c.id, c.user.login])).toEqual([[7, 'mallory'], [1000, 'github-actions[bot]']]);
      expect(comments[1]!.body).toMatch(/^<!-- precept-review -->\n/);
      expect(comments[1]!.body).toContain('| Alpha Policy (`alpha`) | changed | 1.0.0 → 2.0.0 (MAJOR) | MAJOR | ✅ |');
      expect(comments[1]!.body).toContain('[this workflow run](https://github.test/acme/policies/actions/runs/901)');

      // A second push to the pull request: the same comment is edited, never a second one posted.
      await repo.write({ 'policies/beta.md': readFileSync(path.join(repo.dir, 'policies/beta.md'), 'utf8').replace('version: 1.0.0', 'version: 1.1.0') });
      const secondHead = repo.commit('beta: owner reviews', '2026-04-01T12:00:00Z');
      writeFileSync(path.join(temp, 'pull_request.json'), fill('event-pull-request.json', { ...values, PR_HEAD_SHA: secondHead }));
      const second = runAction(repo.dir, { mode: 'pr' }, { ...prEnv, GITHUB_SHA: secondHead });
      expect(second.failed, second.stdout).toBeUndefined();
      expect(second.stdout).toContain('Updated the comment on acme/policies#42: https://github.test/acme/policies/pull/42#issuecomment-1000\n');
      comments = api.state().comments['42']!;
      expect(comments.map((c) => c.id)).toEqual([7, 1000]);
      expect(comments[0]!.body).toBe('<!-- precept-review -->\nA person pasted the marker');
      expect(comments[1]!.body).toContain('### Beta Policy (`beta`)');
      expect(api.state().requests).toEqual([
        'GET /repos/acme/policies/issues/42/comments?per_page=100', 'POST /repos/acme/policies/issues/42/comments',
        'GET /repos/acme/policies/issues/42/comments?per_page=100', 'PATCH /repos/acme/policies/issues/comments/1000',
      ]);
      repo.git('reset', '-q', '--hard', prHead);
    } finally {
      api.stop();
    }
    expect(pr.stdout).toContain(`precept: ${path.join(repo.dir, 'node_modules/.bin/precept')}\n`);
    expect(pr.stdout).toMatch(/^::warning file=policies\/alpha\.md,line=7,col=13,endLine=7,endColumn=16,title=precept approval-missing::ada approved version 1\.0\.0, not version 2\.0\.0 \(pending: this pull request changes the policy\)/m);
    expect(pr.summary).toContain(`Compared with \`${base}\` (${base.slice(0, 7)}): 1 changed. **2 warnings.**`);
    expect(pr.summary).toContain('| Alpha Policy (`alpha`) | changed | 1.0.0 → 2.0.0 (MAJOR) | MAJOR | ✅ |');
    expect(pr.summary).toContain('Approval needed from: @ada-o (Ada Owner), @bobapprover (Bob Approver)');
    expect(pr.uploads).toHaveLength(1);
    expect(readFileSync(path.join(pr.uploads[0]!, 'alpha.html'), 'utf8')).toContain('<ins>and report breaches within a day</ins>');

    repo.git('checkout', '-q', 'main');
    repo.git('-c', 'user.name=Merger', '-c', 'user.email=m@example.com', 'merge', '-q', '--no-ff', '-m', 'Merge pull request #42 from acme/alpha-breaches', 'alpha-breaches');
    const merge = repo.git('rev-parse', 'HEAD').trim();
    repo.git('push', '-q', 'origin', 'main');
    writeFileSync(path.join(temp, 'push.json'), fill('event-push.json', { ...values, MERGE_SHA: merge }));
    writeFileSync(path.join(temp, 'reviews.json'), fill('reviews.json', values));
    const github = {
      GITHUB_EVENT_PATH: path.join(temp, 'push.json'), GITHUB_REPOSITORY: 'acme/policies', GITHUB_SHA: merge, GITHUB_REF_NAME: 'main',
      FAKE_GH_PR: '42', FAKE_GH_REVIEWS: path.join(temp, 'reviews.json'),
    };
    const merged = runAction(repo.dir, { mode: 'merge' }, github);
    expect(merged.failed, merged.stdout).toBeUndefined();
    expect(merged.gh.split('\n')).toEqual([
      `gh api repos/acme/policies/commits/${merge}/pulls --jq .[0].number // empty`,
      'gh api --paginate --slurp repos/acme/policies/pulls/42/reviews?per_page=100',
      '',
    ]);
    expect(merged.stdout).toContain('Recorded 2 approvals in records/approvals.jsonl:\n  + alpha 2.0.0 approved by ada on 2026-04-02T09:30:00Z (line 5)\n  + alpha 2.0.0 approved by bob on 2026-04-02T10:15:00Z (line 6)\n');
    expect(merged.stdout).toContain('  - @dependabot-lookalike approved, but nobody in people.yaml has github: dependabot-lookalike\n');
    expect(merged.stdout).toContain('Pushed the approvals ledger to main.');
    expect(git(origin, 'log', '-1', '--format=%s%n%an', 'main')).toBe('Record approvals from acme/policies#42\ngithub-actions[bot]');
    expect(git(origin, 'diff', '--stat', `${merge}`, 'main')).toMatch(/records\/approvals\.jsonl \| 2 \+\+\n 1 file changed, 2 insertions/);
    expect(merged.stdout).not.toMatch(/::error/); // check passes on the merged policies with their approvals

    const again = runAction(repo.dir, { mode: 'merge' }, github);
    expect(again.failed, again.stdout).toBeUndefined();
    expect(again.stdout).toContain('Recorded 0 approvals.');
    expect(git(origin, 'log', '-1', '--format=%s', 'main')).toBe('Record approvals from acme/policies#42');
  });

  it('publish mode builds the portal and PDFs for the upload step', async () => {
    const repo = await tinyOrg();
    await approveAll(repo.dir);
    repo.commit('Record approvals', '2026-03-01T10:00:00Z');
    const published = runAction(repo.dir, { mode: 'publish' }, { PRECEPT: `${process.execPath} ${BIN}` });
    expect(published.failed, published.stdout).toBeUndefined();
    // The render cache goes to the runner's temporary folder (restored by actions/cache), the output to ./dist.
    expect(published.uploads).toEqual([expect.stringMatching(/precept-runner-\w+\/precept-cache$/), `./dist`]);
    expect(readdirSync(published.uploads[0]!).sort()).toEqual(['build', 'pdf', 'pdf-inputs']);
    expect(existsSync(path.join(repo.dir, '.precept-cache'))).toBe(false);
    expect(existsSync(path.join(repo.dir, 'dist', 'site'))).toBe(true);
    expect(existsSync(path.join(repo.dir, 'dist', 'pdf'))).toBe(true);
  });
});

// The example workflow in the docs uses this action's modes and nothing else.
it('docs/github-workflow.md has a complete workflow using the action', () => {
  const doc = readFileSync(path.join(PROJECT_ROOT, 'docs', 'github-workflow.md'), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  const workflow = parse(yaml!) as { on: Record<string, unknown>; jobs: Record<string, { steps: { uses?: string; with?: { mode?: string } }[] }> };
  expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
  const modes = Object.values(workflow.jobs).flatMap((j) => j.steps).filter((s) => s.with?.mode).map((s) => s.with!.mode);
  expect(modes).toEqual(['pr', 'merge', 'publish']);
});
