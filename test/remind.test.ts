/**
 * `precept remind` against a local SMTP server and a local webhook receiver on 127.0.0.1: one
 * message per person and channel, grouping what they owe; exactly once a day; failures of one
 * person never stop the others; unreachable and silent servers, and missing secrets, said clearly.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMessages } from '../src/core/i18n/messages.js';
import { composeReminder } from '../src/reports/remind/compose.js';
import type { TestRepo } from './helpers/git-repo.js';
import { closedPort, startSilent, startSmtp, startWebhook } from './helpers/local-mail.js';
import { runCli } from './helpers/run-cli.js';
import { tinyOrg } from './helpers/tiny-org.js';

const DAY = new Date('2026-11-25T12:00:00Z');
const NEXT_DAY = new Date('2026-11-26T08:00:00Z');
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
const started = <T extends { close(): Promise<void> }>(server: T): T => {
  open.push(server);
  return server;
};

/** The tiny org (ada, bob, eve owe acknowledgements; ada and bob approvals) with beta's review overdue, and a remind config. */
async function org(remind: string): Promise<TestRepo> {
  const repo = await tinyOrg();
  const beta = path.join(repo.dir, 'policies/beta.md');
  await repo.write({
    'policies/beta.md': readFileSync(beta, 'utf8').replace('last: 2026-01-15', 'last: 2025-06-01'),
    'precept.config.yaml': `${readFileSync(path.join(repo.dir, 'precept.config.yaml'), 'utf8')}site:\n  baseUrl: https://policies.fixture.example/\nremind:\n${remind}`,
  });
  repo.commit('remind config', '2026-01-11T10:00:00Z');
  return repo;
}

const smtpConfig = (port: number, extra = '') => `  email:\n    host: 127.0.0.1\n    port: ${port}\n    from: Policies <policies@fixture.example>\n${extra}`;
const webhookConfig = '  webhook:\n    urlEnv: REMIND_HOOK\n';
const remind = (repo: TestRepo, env: Record<string, string>, now = DAY, ...extra: string[]) =>
  runCli(['remind', '--root', repo.dir, ...extra], { now, env });
const ledger = async (repo: TestRepo) => (await readFile(path.join(repo.dir, 'records/reminders.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('precept remind', () => {
  it('delivers one message per person by email and webhook, exactly once a day', async () => {
    const smtp = started(await startSmtp({ login: { user: 'mailer', pass: 's3cret' } }));
    const hook = started(await startWebhook());
    const repo = await org(`${smtpConfig(smtp.port, '    userEnv: SMTP_USER\n    passwordEnv: SMTP_PASS\n')}${webhookConfig}`);
    const env = { SMTP_USER: 'mailer', SMTP_PASS: 's3cret', REMIND_HOOK: hook.url };

    let run = await remind(repo, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').at(-2)).toBe('Reminded 3 people (3 by email, 3 by webhook); 0 people already reminded today; 0 failed.');
    expect(smtp.mails.map((m) => [m.to, m.user])).toEqual([[['ada@fixture.example'], 'mailer'], [['bob@fixture.example'], 'mailer'], [['eve@fixture.example'], 'mailer']]);
    const ada = smtp.mails[0]!;
    expect(ada.subject).toBe('5 policy tasks are waiting for you, 3 overdue');
    const body = ada.raw.replace(/=\r\n/g, '').replace(/\r\n/g, '\n');
    expect(body).toContain('Policies to read and acknowledge:\n  - Alpha Policy (alpha), version 1.0.0: overdue since 3 Mar 2026\n    https://policies.fixture.example/policies/alpha/\n');
    expect(body).toContain('Read and acknowledge them on the policy portal: https://policies.fixture.example/my/');
    expect(body).toContain('Policies you own that are due for review:\n  - Beta Policy (beta), version 1.0.0: review overdue since 1 Jun 2026');
    expect(body).toContain('Policy texts waiting for your approval:\n  - Alpha Policy (alpha), version 1.0.0');
    expect(hook.posts).toHaveLength(3);
    expect((hook.posts[2] as { text: string }).text).toBe('*Eve Engineer*: 2 policy tasks waiting, 2 overdue\nPolicies to read and acknowledge:\n• <https://policies.fixture.example/policies/alpha/|Alpha Policy (alpha), version 1.0.0: overdue since 3 Mar 2026>\n• <https://policies.fixture.example/policies/beta/|Beta Policy (beta), version 1.0.0: overdue since 3 Mar 2026>');
    const records = await ledger(repo);
    expect(records.map((r) => [r['seq'], r['person'], r['channel'], r['day']])).toEqual([
      [1, 'ada', 'email', '2026-11-25'], [2, 'ada', 'webhook', '2026-11-25'], [3, 'bob', 'email', '2026-11-25'],
      [4, 'bob', 'webhook', '2026-11-25'], [5, 'eve', 'email', '2026-11-25'], [6, 'eve', 'webhook', '2026-11-25'],
    ]);
    expect(records[0]).toMatchObject({ to: 'ada@fixture.example', messageId: expect.stringMatching(/^<.+>$/), items: expect.arrayContaining([{ kind: 'review', policy: 'beta', version: '1.0.0', state: 'overdue', due: '2026-06-01' }]) });

    // The same day again: nothing sent, nothing recorded.
    run = await remind(repo, env, new Date('2026-11-25T18:00:00Z'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Reminded 0 people (0 by email, 0 by webhook); 3 people already reminded today; 0 failed.\n');
    expect([smtp.mails.length, hook.posts.length, (await ledger(repo)).length]).toEqual([3, 3, 6]);

    // The next day, once more.
    run = await remind(repo, env, NEXT_DAY);
    expect([smtp.mails.length, hook.posts.length, (await ledger(repo)).length]).toEqual([6, 6, 12]);

    const verified = await runCli(['ledger', 'verify', '--root', repo.dir]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('reminders.jsonl');
    // A tampered reminders ledger fails verification and stops the next run before it sends anything.
    const file = path.join(repo.dir, 'records/reminders.jsonl');
    await repo.write({ 'records/reminders.jsonl': readFileSync(file, 'utf8').replace('"person":"bob"', '"person":"eve"') });
    expect((await runCli(['ledger', 'verify', '--root', repo.dir])).code).toBe(1);
    run = await remind(repo, env, new Date('2026-11-27T08:00:00Z'));
    expect([run.code, smtp.mails.length]).toEqual([1, 6]);
    expect(run.stderr).toContain('records/reminders.jsonl has problems; run `precept ledger verify`');
  });

  it('a recipient the server refuses fails alone: the others are sent, it is not recorded, and it is tried again', async () => {
    const smtp = started(await startSmtp({ refuse: ['bob@fixture.example'] }));
    const repo = await org(smtpConfig(smtp.port));
    let run = await remind(repo, {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^precept remind: not sent: bob by email: the SMTP server at 127\.0\.0\.1:\d+ refused bob@fixture\.example/m);
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['ada@fixture.example', 'eve@fixture.example']);
    expect((await ledger(repo)).map((r) => r['person'])).toEqual(['ada', 'eve']);
    run = await remind(repo, {}, new Date('2026-11-25T13:00:00Z'));
    expect(run.stdout).toContain('2 people already reminded today; 1 failed.');
    expect(smtp.mails).toHaveLength(2);
  });

  it('an unreachable or silent SMTP server is named for each person, and the webhook still delivers', async () => {
    const hook = started(await startWebhook());
    const port = await closedPort();
    let repo = await org(`${smtpConfig(port)}${webhookConfig}`);
    let run = await remind(repo, { REMIND_HOOK: hook.url });
    expect(run.code).toBe(1);
    const failures = run.stderr.split('\n').filter((l) => l.startsWith('precept remind: not sent'));
    expect(failures).toEqual([
      `precept remind: not sent: ada by email: cannot send through the SMTP server at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
      `precept remind: not sent: bob by email: not tried: cannot send through the SMTP server at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
      `precept remind: not sent: eve by email: not tried: cannot send through the SMTP server at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
    expect(hook.posts).toHaveLength(3);
    expect((await ledger(repo)).map((r) => r['channel'])).toEqual(['webhook', 'webhook', 'webhook']);

    const silent = started(await startSilent());
    repo = await org(`  timeoutSeconds: 1\n${smtpConfig(silent.port)}`);
    run = await remind(repo, {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`precept remind: not sent: ada by email: the SMTP server at 127.0.0.1:${silent.port} did not answer within 1 s`);
  });

  it('a webhook that is gone fails everyone on it, naming only its host; one that is busy fails that message alone', async () => {
    let n = 0;
    const busy = started(await startWebhook(() => (++n === 2 ? 503 : 200)));
    const repo = await org(webhookConfig);
    let run = await remind(repo, { REMIND_HOOK: busy.url });
    expect(run.code).toBe(1);
    const host = new URL(busy.url).host;
    expect(run.stderr).toContain(`precept remind: not sent: bob by webhook: the webhook at ${host} answered 503 (no_service)`);
    expect(busy.posts).toHaveLength(2);
    expect(run.stdout + run.stderr).not.toContain('secretsecret');

    const gone = started(await startWebhook(() => 404));
    run = await remind(repo, { REMIND_HOOK: gone.url }, NEXT_DAY);
    expect(run.stderr.split('\n').filter((l) => l.includes('not sent'))).toEqual([
      `precept remind: not sent: ada by webhook: the webhook at ${new URL(gone.url).host} answered 404 (no_service)`,
      `precept remind: not sent: bob by webhook: not tried: the webhook at ${new URL(gone.url).host} answered 404 (no_service)`,
      `precept remind: not sent: eve by webhook: not tried: the webhook at ${new URL(gone.url).host} answered 404 (no_service)`,
    ]);
  });

  it('refuses to start without the secrets the config names, and says who cannot be reminded', async () => {
    const repo = await org(`${smtpConfig(25, '    passwordEnv: SMTP_PASS\n')}${webhookConfig}`);
    let run = await remind(repo, { REMIND_HOOK: 'https://hooks.example/x' });
    expect([run.code, run.stderr]).toEqual([2, 'precept remind: remind.email.passwordEnv names SMTP_PASS, which is not set: set it to the SMTP password (never in git)\n']);
    run = await remind(repo, { SMTP_PASS: 'x', REMIND_HOOK: 'http://hooks.example/x' });
    expect([run.code, run.stderr]).toEqual([2, 'precept remind: REMIND_HOOK must be an https URL (plain http only to this machine), got http://hooks.example\n']);

    // beta's owner left: nobody to remind of its review, and the run says so.
    await repo.write({ 'policies/beta.md': readFileSync(path.join(repo.dir, 'policies/beta.md'), 'utf8').replace('owner: ada', 'owner: cy') });
    run = await remind(repo, {}, DAY, '--dry-run');
    expect(run.stderr).toBe('note: cy owes review beta, but is not on staff on 2026-11-25: not reminded\n');
    // eve's entry without an email is a roster error naming her; the run is incomplete (exit 1).
    await repo.write({ 'people.yaml': readFileSync(path.join(repo.dir, 'people.yaml'), 'utf8').replace('    email: eve@fixture.example\n', '') });
    run = await remind(repo, {}, DAY, '--dry-run');
    expect(run.stderr).toContain('people.yaml:28:5 error schema missing required field "email" in people[4]');
    expect(run.stderr).toContain('> 28 |   - id: eve');
    expect(run.code).toBe(1);
  });

  it('--dry-run prints every message and sends and records nothing', async () => {
    const smtp = started(await startSmtp());
    const repo = await org(smtpConfig(smtp.port));
    const run = await remind(repo, {}, DAY, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('=== Ada Owner <ada@fixture.example> (ada; email)\nSubject: 5 policy tasks are waiting for you, 3 overdue\n\nHello Ada Owner,\n');
    expect(run.stdout).toContain('Dry run: 3 people to remind as of 2026-11-25; nothing sent or recorded.');
    expect([smtp.mails.length, (await ledger(repo)).length]).toEqual([0, 0]);
  });
});

it('writes reminders in Japanese for a Japanese organisation', () => {
  const owed = {
    person: { id: 'sato', name: '佐藤 花子', email: 'sato@example.jp' },
    acknowledgements: [{ kind: 'acknowledgement' as const, policy: 'access', version: '2.0.0', state: 'overdue' as const, due: '2026-11-01', title: 'アクセス管理規程' }],
    reviews: [], approvals: [],
  };
  const r = composeReminder(owed, { messages: loadMessages('ja'), organization: '株式会社サンプル', baseUrl: undefined, asOf: '2026-11-25' });
  expect(r.subject).toBe('規程に関する対応が 1 件あります（うち期限超過 1 件）');
  expect(r.text).toContain('佐藤 花子 さん\n\n2026年11月25日 時点で、株式会社サンプル の規程の運用について次の対応をお願いします。');
  expect(r.text).toContain('  - アクセス管理規程（access）バージョン 2.0.0: 期限の 2026年11月1日 を過ぎています');
});
