/**
 * What `approvals import --csv` and `acks import` find wrong with a file and its rows, in the
 * repo's language (`locale: ja`), and unchanged in English.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const clock = new Date('2026-03-01T09:00:00Z');

/** The Japanese test repo (locale: ja), with its config switched to `locale` when given. */
async function repo(locale?: 'en'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-import-'));
  await cp(path.join(FIXTURES, 'check', 'japanese'), dir, { recursive: true });
  if (locale) {
    const config = path.join(dir, 'precept.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('locale: ja', `locale: ${locale}`));
  }
  return dir;
}

const APPROVALS = [
  'Policy,Approver,Approved on,Evidence,Decision',
  'alpah,ada,2026-01-10,Minutes 10 January,approved',
  'alpha,bobb,2026-01-10,Minutes 10 January,approved',
  'beta,ada,last spring,,maybe',
  'alpha,ada,2026-04-01,Minutes,approved',
  'alpha,bob',
].join('\n');

const ACKS = [
  'Email,Policy,Version,Date',
  'ada@fixture.example,alpha,9.9.9,2026-02-10',
  'nobody@fixture.example,alpah,1.0.0,2026-02-10',
  'cy@fixture.example,beta,1.0,yesterday',
  'ada@fixture.example,alpha,1.0.0,2026-02-10',
  'ada@fixture.example,alpha,1.0.0,2026-02-11',
].join('\n');

/** Imports `text` as `file` into a fresh Japanese repo with `command`: refused (exit 1), with each line expected on stderr. */
async function refusedImport(command: readonly string[], file: string, text: string, expected: readonly string[]) {
  const dir = await repo();
  await writeFile(path.join(dir, file), text);
  const run = await runCli([...command, '--root', dir], { now: clock, cwd: dir });
  expect(run.code, run.stderr).toBe(1);
  for (const line of expected) expect(run.stderr).toContain(line);
  return { dir, run };
}

describe('import findings about a row', () => {
  it('approvals import --csv says what is wrong with each row in Japanese', async () => {
    const { dir, run } = await refusedImport(['approvals', 'import', '--csv', 'old.csv'], 'old.csv', APPROVALS, [
      'old.csv:2:1 error approval-import 「alpah」という規程はありません（alpha のことですか？）',
      'ヒント: 規程は ID または表題で照合します。エラーのある規程は承認できません',
      'old.csv:3:7 error approval-import 「bobb」という人は登録されていません（bob のことですか？）',
      'ヒント: 人は people.yaml の ID またはメールアドレスで照合します',
      'old.csv:4:10 error approval-import 日時「last spring」を読み取れません',
      'ヒント: 2025-03-10、2025-03-10T14:00:00Z または 2025-03-10 14:00（UTC）の形で書いてください',
      'old.csv:4:22 error approval-import 証跡がありません。決定が記録されている場所（議事録、チケット、署名済み文書）を書いてください',
      'old.csv:4:23 error approval-import 決定「maybe」は approved でも rejected でもありません',
      'old.csv:5:11 error approval-import 2026-04-01 は未来の日時です',
      'old.csv:6:1 error approval-import この行のフィールドは 2 個ですが、見出し行は 5 個です',
    ]);
    expect(run.stderr).toContain('old.csv を受け付けませんでした：5行中 5行に問題があります。何も書き込んでいません。');
    expect(run.stderr).not.toMatch(/unknown (policy|person)|cannot read|no evidence|neither|the row has/);

    await writeFile(path.join(dir, 'headless.csv'), 'Policy,When\nalpha,2026-01-10\n');
    const headless = await runCli(['approvals', 'import', '--csv', 'headless.csv', '--root', dir], { now: clock, cwd: dir });
    expect(headless.stderr).toContain('headless.csv:1:1 error approval-import approver の列がありません。approver, approved by, approver email, approver id のいずれかの列名にしてください');
  });

  it('acks import says what is wrong with each row and with the file in Japanese, dates the Japanese way', async () => {
    const { dir, run } = await refusedImport(['acks', 'import', 'lms.csv'], 'lms.csv', ACKS, [
      'lms.csv:2:27 error ack-import alpha にバージョン 9.9.9 はありません（既知のバージョン: 1.0.0）',
      'ヒント: git リポジトリではないため、各規程の現在のバージョンしかわかりません',
      'lms.csv:3:1 error ack-import 「nobody@fixture.example」という人は登録されていません',
      'ヒント: 人は people.yaml のメールアドレスまたは ID で照合します',
      'lms.csv:3:24 error ack-import 「alpah」という規程はありません（alpha のことですか？）',
      'lms.csv:4:25 error ack-import 「1.0」は MAJOR.MINOR.PATCH 形式のバージョンではありません（既知のバージョン: 1.0.0）',
      'lms.csv:4:29 error ack-import 日時「yesterday」を読み取れません',
      'lms.csv:6:1 error ack-import 5行目と同じです（ada による alpha 1.0.0 の確認）',
    ]);
    expect(run.stdout).toContain('lms.csv を取り込みませんでした：5行中 4行に問題があります。何も書き込んでいません。');
    expect(run.stderr).toContain('注記: git リポジトリではないため、各規程の現在のバージョンしかわかりません。それより前の MAJOR の変更は見えません\n');

    // Recorded once, the same row again is a repeat of the ledger's record, its day written 2026年2月10日.
    await writeFile(path.join(dir, 'one.csv'), 'Email,Policy,Version,Date\nada@fixture.example,alpha,1.0.0,2026-02-10\n');
    expect((await runCli(['acks', 'import', 'one.csv', '--root', dir], { now: clock, cwd: dir })).code).toBe(0);
    const again = await runCli(['acks', 'import', 'one.csv', '--root', dir], { now: clock, cwd: dir });
    expect(again.stderr).toContain('one.csv:2:1 error ack-import 記録済みです: ada は alpha 1.0.0 を2026年2月10日に確認しています（records/acknowledgements.jsonl の 1行目）');
    expect(again.stderr).toContain('ヒント: この行を削除してください。以前の行を繰り返す書き出しなら --skip-recorded を指定してください');

    await writeFile(path.join(dir, 'cols.csv'), 'Who,Policy,Version,Date\nada,alpha,1.0.0,2026-02-10\n');
    const cols = await runCli(['acks', 'import', 'cols.csv', '--root', dir, '--version-column', 'Rev'], { now: clock, cwd: dir });
    expect(cols.stderr).toContain('cols.csv:1:1 error ack-import 確認した人（メールアドレスまたは人の ID）の列がありません（email, e mail, email address, person… を探しました）。--person-column か、設定の acknowledgement.import.columns.person で列名を指定してください');
    expect(cols.stderr).toContain('cols.csv:1:1 error ack-import バージョンの列「Rev」がありません。見出し行にある列: Who, Policy, Version, Date');

    await writeFile(path.join(dir, 'latin1.csv'), Buffer.from([0x61, 0x0a, 0xe9, 0x0a]));
    const latin1 = await runCli(['acks', 'import', 'latin1.csv', '--root', dir], { now: clock, cwd: dir });
    expect(latin1.stderr).toContain('latin1.csv:1:1 error ack-import ファイルが UTF-8 ではありません');
    expect(latin1.stderr).toContain('ヒント: CSV UTF-8 形式で書き出し直してください');
  });

  it('stay as they were in English', async () => {
    const dir = await repo('en');
    await writeFile(path.join(dir, 'old.csv'), APPROVALS);
    const approvals = await runCli(['approvals', 'import', '--csv', 'old.csv', '--root', dir], { now: clock, cwd: dir });
    for (const line of [
      'old.csv:2:1 error approval-import unknown policy "alpah" - did you mean alpha?',
      'hint: policies are matched by id or title; a policy with errors cannot be approved',
      'old.csv:4:10 error approval-import cannot read the time "last spring"',
      'old.csv:4:22 error approval-import no evidence: say where the decision is documented (minutes, a ticket, a signed document)',
      'old.csv:4:23 error approval-import decision "maybe" is neither approved nor rejected',
      'old.csv:5:11 error approval-import 2026-04-01 is in the future',
      'old.csv:6:1 error approval-import the row has 2 fields, the header 5',
    ]) expect(approvals.stderr).toContain(line);
    await writeFile(path.join(dir, 'one.csv'), 'Email,Policy,Version,Date\nada@fixture.example,alpha,1.0.0,2026-02-10\n');
    expect((await runCli(['acks', 'import', 'one.csv', '--root', dir], { now: clock, cwd: dir })).code).toBe(0);
    const again = await runCli(['acks', 'import', 'one.csv', '--root', dir], { now: clock, cwd: dir });
    expect(again.stderr).toContain('one.csv:2:1 error ack-import already recorded: ada acknowledged alpha 1.0.0 on 2026-02-10 (records/acknowledgements.jsonl line 1)');
    await writeFile(path.join(dir, 'lms.csv'), ACKS);
    const acks = await runCli(['acks', 'import', 'lms.csv', '--root', dir], { now: clock, cwd: dir });
    expect(acks.stderr).toContain('lms.csv:4:25 error ack-import "1.0" is not a version MAJOR.MINOR.PATCH (known: 1.0.0)');
    expect(acks.stderr).toContain('lms.csv:6:1 error ack-import repeats line 5: ada acknowledging alpha 1.0.0');
    expect(acks.stderr).toContain('note: not in a git repository: only the current version of each policy is known, so MAJOR steps before it cannot be seen\n');
  });
});
