/**
 * What the loader says about files it cannot use, in the repo's language (the scenario
 * test/fixtures/check/japanese-load holds the findings themselves): the hints, the words around
 * them, and a broken config, whose language is its own `locale:`.
 */
import { appendFile, cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, TODAY } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const JA_LOAD = path.join(FIXTURES, 'check', 'japanese-load');

async function copyOf(fixture: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-load-'));
  await cp(fixture, dir, { recursive: true });
  return dir;
}

describe('the loader in Japanese', () => {
  it('check prints the findings and their hints in Japanese', async () => {
    const run = await runCli(['check', '--root', JA_LOAD, '--as-of', TODAY]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('YAML の書き方が正しくありません: 同じキーが二度書かれています');
    expect(run.stderr).toContain('ヒント: YAML は 1.0 を数値として読みます。1.0.0 のようにバージョンを省略せずに書いてください');
    expect(run.stderr).toContain('ヒント: ここに書ける項目: id, title, summary');
    expect(run.stderr).toContain('独自の項目は x: の下に書いてください（x: {aprovers: ...}）');
    expect(run.stderr).toContain('ヒント: フロントマターの終わりに --- だけの行を書いてください');
    expect(run.stderr).not.toMatch(/malformed YAML|must be|unknown field/);
  });

  it('says what is wrong with a file it cannot read, with sizes written the Japanese way', async () => {
    const dir = await copyOf(path.join(FIXTURES, 'check', 'japanese'));
    await writeFile(path.join(dir, 'policies', 'huge.md'), `---\nid: huge\n---\n${'あ'.repeat(800_000)}\n`);
    await writeFile(path.join(dir, 'policies', 'latin1.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
    const run = await runCli(['check', '--root', dir, '--as-of', TODAY]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ファイルが 2,400,0\d\d バイトあり、上限の 2,097,152 バイトを超えています/);
    expect(run.stderr).toContain('ファイルが UTF-8 として正しくありません');
    expect(run.stderr).toContain('ヒント: ファイルを UTF-8 で保存し直してください');
  });

  it('a command that leaves files out says so in Japanese', async () => {
    const run = await runCli(['due', '--root', JA_LOAD, '--as-of', TODAY]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/precept due: エラーのあるファイル \d+件（controls\/bad\.yaml, .*）の内容を除外しました。修正するまで出力は不完全です（precept check を参照）/);
  });

  it('a broken config says so in the language it names', async () => {
    const dir = await copyOf(path.join(FIXTURES, 'check', 'japanese'));
    await writeFile(path.join(dir, 'precept.config.yaml'), 'locale: ja\ntimezone: Asia/Tokio\ndefaultFramework: 7\n');
    const run = await runCli(['check', '--root', dir, '--as-of', TODAY]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('defaultFramework: 文字列（英小文字・数字と一つずつのハイフンで書くケバブケース）で書いてください。数値 7 が書かれています');
    expect(run.stderr).toContain('precept check: precept.config.yaml にエラーがあります');
    expect(run.stderr).toContain('ヒント: 文字列のつもりであれば、引用符で囲んでください: "7"');
    await writeFile(path.join(dir, 'precept.config.yaml'), 'locale: ja\ntimezone: Asia/Tokio\n');
    const tz = await runCli(['check', '--root', dir, '--as-of', TODAY]);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toContain('timezone: 「Asia/Tokio」は IANA のタイムゾーン名ではありません（Asia/Tokyo のことですか？）');
    expect(tz.stderr).toContain('precept check: precept.config.yaml: timezone 「Asia/Tokio」はタイムゾーンではありません');
    expect(tz.stderr).toContain('ヒント: UTC、Europe/Berlin、Asia/Tokyo のような名前を書いてください');
  });

  it('ledger verify and repair say what they found in Japanese', async () => {
    const verify = await runCli(['ledger', 'verify', '--root', JA_LOAD]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('5行目が空です。台帳には 1 行に 1 件のレコードを書きます');
    expect(verify.stderr).toContain('ヒント: 台帳は追記のみです。git からファイルを復元し（git checkout -- <ファイル>）、訂正は新しいレコードとして記録してください');
    expect(verify.stdout).toContain('records/approvals.jsonl: 5行中に問題が 3件あります');
    expect(verify.stdout).toContain('records/acknowledgements.jsonl: 台帳はまだありません');

    const dir = await copyOf(path.join(FIXTURES, 'check', 'japanese'));
    await appendFile(path.join(dir, 'records', 'approvals.jsonl'), '{"approver":"ada"');
    const torn = await runCli(['check', '--root', dir, '--as-of', TODAY]);
    expect(torn.stderr).toMatch(/\d+行目が不完全です（改行のない 17 バイト）。追記が中断されたため、この行は使いません/);
    expect(torn.stderr).toContain('ヒント: `precept ledger repair` を実行して取り除いてください');
    const repair = await runCli(['ledger', 'repair', '--root', dir]);
    expect(repair.code).toBe(0);
    expect(repair.stderr).toMatch(/^警告: records\/approvals\.jsonl から不完全な \d+行目（17 バイト）を取り除きました: "\{\\"approver\\":\\"ada\\""\n$/);
    expect(repair.stdout).toMatch(/records\/approvals\.jsonl: 修復しました。レコード \d+件はそのままです/);
    expect(repair.stdout).toContain('records/acknowledgements.jsonl: 修復するものはありません');
  });

  it('approvals import says what it rejected or would record in Japanese', async () => {
    const dir = await copyOf(path.join(FIXTURES, 'check', 'japanese'));
    await writeFile(path.join(dir, 'bad.csv'), 'policy,approver,at,evidence\nno-such-policy,ada,2026-01-10,minutes\n');
    const rejected = await runCli(['approvals', 'import', '--csv', path.join(dir, 'bad.csv'), '--root', dir]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('bad.csv を受け付けませんでした：1行中 1行に問題があります。何も書き込んでいません。');
    await writeFile(path.join(dir, 'good.csv'), 'policy,approver,at,evidence\nkitei,cy,2026-01-10,board minutes 2026-01\n');
    const dry = await runCli(['approvals', 'import', '--csv', path.join(dir, 'good.csv'), '--root', dir, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/good\.csv から、precept 導入前の承認を 1件記録します（試行のみ）。\n  \+ kitei \S+：cy が2026年1月10日に承認：board minutes 2026-01\n$/);
  });
});
