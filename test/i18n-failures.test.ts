/**
 * Run failures in precept's own words (`failure.*`): in the repo's language once a config has
 * been read, else the reader's (--locale, PRECEPT_LOCALE, the terminal's); English as it was.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { PreceptError } from '../src/core/errors.js';

const clock = new Date('2026-03-01T09:00:00Z');

/** The Japanese test repo (not in git), with its config's locale switched when asked. */
async function repo(locale: 'ja' | 'en' = 'ja'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-failure-'));
  await cp(path.join(FIXTURES, 'check', 'japanese'), dir, { recursive: true });
  const config = path.join(dir, 'precept.config.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('locale: ja', `locale: ${locale}`));
  return dir;
}

describe('run failures', () => {
  it('are said in the terminal\'s language before any config is read', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-failure-'));
    const ja = await runCli(['acks', 'import', 'missing.csv'], { cwd, env: { LANG: 'ja_JP.UTF-8' } });
    expect([ja.code, ja.stderr]).toEqual([2, 'precept acks import: missing.csv を読み込めません: ファイルがありません\n']);
    const en = await runCli(['acks', 'import', 'missing.csv'], { cwd });
    expect([en.code, en.stderr]).toEqual([2, 'precept acks import: cannot read missing.csv: no such file\n']);

    // A bad flag: the usage pointer too. A folder without a config has no language of its own.
    const usage = await runCli(['due', '--within', 'soon', '--root', cwd], { env: { LC_ALL: 'ja_JP.UTF-8' } });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('precept due: --within には 30d や 4w のような日数か週数を指定してください（指定された値: 「soon」）\n使い方は `precept due --help` で確認できます。\n');
    const english = await runCli(['due', '--within', 'soon', '--root', cwd]);
    expect(english.stderr).toContain('precept due: --within must be a number of days or weeks such as 30d or 4w, got "soon"\nRun `precept due --help` for usage.\n');
  });

  it('are said in the repo\'s language once its config has been read, whatever the terminal', async () => {
    const ja = await repo('ja');
    const rebase = await runCli(['ledger', 'rebase', '--onto', 'origin/main', '--root', ja], { env: { LANG: 'C.UTF-8' } });
    expect([rebase.code, rebase.stderr]).toEqual([2, `precept ledger rebase: ${ja} はコミットのある git リポジトリではないため、つなげ直す先がありません\n`]);
    const approve = await runCli(['approve', 'alpah', '--as', 'ada', '--root', ja]);
    expect([approve.code, approve.stderr]).toEqual([2, 'precept approve: 「alpah」という規程はありません（alpha のことですか？）\n使い方は `precept approve --help` で確認できます。\n']);

    const en = await repo('en');
    const english = await runCli(['ledger', 'rebase', '--onto', 'origin/main', '--root', en], { env: { LANG: 'ja_JP.UTF-8' } });
    expect([english.code, english.stderr]).toEqual([2, `precept ledger rebase: ${en} is not in a git repository with commits; there is nothing to rebase onto\n`]);
    const notApprover = await runCli(['approve', 'alpha', '--as', 'cy', '--root', en], { env: { LANG: 'ja_JP.UTF-8' }, now: clock });
    expect([notApprover.code, notApprover.stderr]).toEqual([1, 'precept approve: cy is not an approver of alpha (approvers: ada, bob)\n']);
    const notApproverJa = await runCli(['approve', 'alpha', '--as', 'cy', '--root', ja], { now: clock });
    expect([notApproverJa.code, notApproverJa.stderr]).toEqual([1, 'precept approve: cy は alpha の承認者ではありません（承認者: ada, bob）\n']);
    // What the portal's acknowledgement box also shows when a version cannot be acknowledged.
    const ack = await runCli(['ack', 'alpha', '--as', 'ada', '--version', '9.9.9', '--root', ja], { now: clock });
    expect([ack.code, ack.stderr]).toEqual([1, 'precept ack: alpha にバージョン 9.9.9 はありません。有効なバージョンは 1.0.0 です\n']);
    const ackEn = await runCli(['ack', 'alpha', '--as', 'ada', '--version', '9.9.9', '--root', en], { now: clock });
    expect([ackEn.code, ackEn.stderr]).toEqual([1, 'precept ack: alpha has no version 9.9.9; the version in force is 1.0.0\n']);
  });

  it('follow --locale where the command has one', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-failure-'));
    const run = await runCli(['import', 'markdown', path.join(out, 'nowhere'), path.join(out, 'repo'), '--locale', 'ja']);
    expect([run.code, run.stderr]).toEqual([2, `precept import markdown: ${path.join(out, 'nowhere')} はフォルダではありません\n`]);
  });
});

describe('the portal API', () => {
  it('says why it refuses in the repo\'s language, beside its English error code', async () => {
    const { main } = await import('../src/cli/main.js');
    const { fakeSite, raw } = await import('./helpers/serve.js');
    const ja = await repo('ja');
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const secret = 'correct-horse-battery-staple-42';
    const controller = new AbortController();
    let printed = '';
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (listening = resolve));
    // The serving line is in Japanese too, so the URL is looked for on its own.
    const done = main({
      argv: ['serve', '--port', '0', '--root', ja, '--out', out], cwd: process.cwd(), signal: controller.signal, now: () => clock,
      stdout: { write: (s: string) => { printed += s; const m = /(http:\/\/[^\s）)]+\/)/.exec(printed); if (m) listening(m[1]!); return true; } },
      stderr: { write: () => true },
      env: { NO_COLOR: '1', PRECEPT_PROXY_SECRET: secret },
    });
    try {
      const base = await url;
      const me = await raw(base, '/api/me', { headers: { 'X-Forwarded-Email': 'ada@fixture.example' } });
      expect([me.status, JSON.parse(me.body)]).toEqual([401, { error: 'not-signed-in', message: '組織のシングルサインオンのプロキシを通してサインインしていません' }]);
      const ack = await raw(base, '/api/ack', {
        method: 'POST', body: JSON.stringify({ policy: 'alpha', version: '9.9.9' }),
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-Email': 'ada@fixture.example', 'X-Precept-Proxy-Secret': secret },
      });
      expect([ack.status, JSON.parse(ack.body)]).toEqual([404, { error: 'unknown-version', message: 'alpha にバージョン 9.9.9 はありません。有効なバージョンは 1.0.0 です' }]);
    } finally {
      controller.abort();
      expect(await done).toBe(0);
    }
  });
});

describe('notes beside the figures', () => {
  it('say whom remind cannot reach in the repo\'s language, its day the Japanese way', async () => {
    const ja = await repo('ja');
    const run = await runCli(['remind', '--dry-run', '--as-of', '2027-06-01', '--root', ja]);
    expect(run.stderr).toContain('注記: cy には kitei の承認が残っていますが、2027年6月1日に在籍していないため、リマインドしていません\n');
    const en = await repo('en');
    const english = await runCli(['remind', '--dry-run', '--as-of', '2027-06-01', '--root', en]);
    expect(english.stderr).toContain('note: cy owes approve kitei, but is not on staff on 2027-06-01: not reminded\n');
  });
});

describe('the auditor pack\'s refusals', () => {
  it('are said in the repo\'s language', async () => {
    const { jaRepo } = await import('./helpers/ja-repo.js');
    const repo = await jaRepo();
    try {
      const run = await runCli(['pack', '--root', repo.dir, '--from', '2023-01-01', '--to', '2023-12-31'], { env: { LANG: 'C.UTF-8' } });
      expect([run.code, run.stderr]).toEqual([1, 'precept pack: 期間 2023-01-01〜2023-12-31 は、このリポジトリの記録が始まる前に終わっています' +
        '（最初のコミットは 2026-04-01、最初の規程の版の発効は 2026-04-01）。2026-04-01 以降の期間を指定してください\n']);
    } finally {
      await rm(repo.dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('failures met on the way to a service', () => {
  it('the timestamp authority client says them in the reader\'s language, English as before', async () => {
    const { requestTimestampToken } = await import('../src/render/sign/tsa-client.js');
    const { sayIn } = await import('../src/core/i18n/messages.js');
    const error = await requestTimestampToken(Buffer.from('signature'), { url: 'http://127.0.0.1:9/', timeoutMs: 5000 }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PreceptError);
    const failed = error as PreceptError;
    expect(failed.message).toMatch(/^cannot timestamp the signature: the timestamp authority http:\/\/127\.0\.0\.1:9\/ cannot be reached: \S/);
    expect(sayIn('ja', failed.phrase!.key, failed.phrase!.values)).toMatch(/^署名にタイムスタンプを付けられません: タイムスタンプ局 http:\/\/127\.0\.0\.1:9\/ に接続できません: \S/);
  });
});
