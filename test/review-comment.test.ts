/**
 * `precept review --post-comment`: one sticky comment on the pull request, through a local fake
 * of GitHub's REST API: created once, then edited, never posted twice; clear messages when the
 * token may not comment, when the API cannot be reached, and when the environment lacks what it needs.
 */
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commentBody, COMMENT_MARKER } from '../src/reports/review/pr-comment.js';
import { loadMessages } from '../src/core/i18n/messages.js';
import { startFakeGithub, type FakeGithub } from './helpers/fake-github.js';
import { reviewRepo } from './helpers/review-repo.js';
import { runCli } from './helpers/run-cli.js';

const TOKEN = 'ghs_secretsecretsecret';
const now = new Date('2026-11-25T12:00:00Z');
let api: FakeGithub | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function event(fields: object = {}): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'precept-event-')), 'event.json');
  writeFileSync(file, JSON.stringify({ pull_request: { number: 42, head: { repo: { full_name: 'acme/policies' } }, base: { repo: { full_name: 'acme/policies' } }, ...fields } }));
  return file;
}

const review = (root: string, env: Record<string, string>, ...extra: string[]) =>
  runCli(['review', '--base', 'main', '--root', root, '--post-comment', ...extra], { now, env: { GITHUB_REPOSITORY: 'acme/policies', GITHUB_TOKEN: TOKEN, ...env } });

describe('precept review --post-comment', () => {
  it('finds its own comment on a later page and edits it; a marker pasted by a person is left alone', async () => {
    const repo = await reviewRepo();
    api = await startFakeGithub({
      token: TOKEN, perPage: 2,
      comments: { 42: [
        { id: 1, body: 'LGTM', user: { login: 'ada-o', type: 'User' }, html_url: 'u1' },
        { id: 2, body: `${COMMENT_MARKER}\nfake`, user: { login: 'mallory', type: 'User' }, html_url: 'u2' },
        { id: 3, body: `${COMMENT_MARKER}\nold report`, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: 'u3' },
      ] },
    });
    const run = await review(repo.dir, { GITHUB_API_URL: api.url, GITHUB_EVENT_PATH: event() });
    expect(run.stderr).toContain('Updated the comment on acme/policies#42: u3\n');
    expect(api.requests).toEqual([
      'GET /repos/acme/policies/issues/42/comments?per_page=100',
      'GET /repos/acme/policies/issues/42/comments?per_page=100&page=2',
      'PATCH /repos/acme/policies/issues/comments/3',
    ]);
    const bodies = api.comments[42]!.map((c) => c.body);
    expect(bodies[1]).toBe(`${COMMENT_MARKER}\nfake`);
    expect(bodies[2]).toContain('Staff <del>must</del><ins>should</ins> patch');
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('creates the comment once, then updates it: never two', async () => {
    const repo = await reviewRepo();
    api = await startFakeGithub({ token: TOKEN });
    const env = { GITHUB_API_URL: api.url, GITHUB_REF: 'refs/pull/42/merge' };
    expect((await review(repo.dir, env)).stderr).toContain('Commented on acme/policies#42');
    expect((await review(repo.dir, env)).stderr).toContain('Updated the comment on acme/policies#42');
    expect(api.comments[42]).toHaveLength(1);
    expect(api.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
  });

  it('says what a 403 or 401 means, and never prints the token', async () => {
    const repo = await reviewRepo();
    api = await startFakeGithub({ token: TOKEN, readOnly: true });
    let run = await review(repo.dir, { GITHUB_API_URL: api.url, GITHUB_EVENT_PATH: event() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('precept review: the token may not comment on acme/policies#42 (403) (GitHub said: Resource not accessible by integration): give the workflow `permissions: pull-requests: write`');
    run = await review(repo.dir, { GITHUB_API_URL: api.url, GITHUB_EVENT_PATH: event(), GITHUB_TOKEN: 'wrong' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GitHub refused the token while trying to read the comments on acme/policies#42 (401) (GitHub said: Bad credentials)');
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('reports an API it cannot reach, and a pull request from a fork is skipped with a note', async () => {
    const repo = await reviewRepo();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    let run = await review(repo.dir, { GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_EVENT_PATH: event() });
    expect([run.code, run.stderr.split('\n').at(-2)]).toEqual([2, `precept review: cannot reach the GitHub API at http://127.0.0.1:${port} to read the comments: ECONNREFUSED`]);
    run = await review(repo.dir, { GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_EVENT_PATH: event({ head: { repo: { full_name: 'mallory/policies' } } }) });
    expect(run.stderr).toContain('note: acme/policies#42 comes from a fork, whose workflow token cannot comment; the report is in the job summary');
    expect(run.code).toBe(1); // the review's own verdict: the fixture pull request has errors
  });

  it('refuses to guess what the environment does not say', async () => {
    const repo = await reviewRepo();
    const cases: [Record<string, string>, string][] = [
      [{ GITHUB_REPOSITORY: '' }, '--post-comment needs GITHUB_REPOSITORY as owner/repo (GitHub Actions sets it)'],
      [{ GITHUB_TOKEN: '' }, '--post-comment needs the workflow token in GITHUB_TOKEN'],
      [{}, '--post-comment needs the pull request: run it on a pull_request event, or pass --pr N'],
    ];
    for (const [env, message] of cases) {
      const run = await review(repo.dir, env);
      expect([run.code, run.stderr]).toEqual([2, expect.stringContaining(message)]);
    }
  });
});

it('a report longer than a comment holds is cut at a line, saying so', () => {
  const messages = loadMessages('en');
  const long = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
  const body = commentBody(long, messages, undefined);
  expect(body.length).toBeLessThan(65_536);
  expect(body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
  expect(body).toMatch(/\nline \d+ x+\n\n---\n<sub>The report is longer than a comment can hold/);
  expect(commentBody('short', loadMessages('ja'), 'https://github.test/r/1')).toContain('[このワークフロー実行](https://github.test/r/1)');
});
