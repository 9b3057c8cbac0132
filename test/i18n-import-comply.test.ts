/**
 * What `import comply` finds in a comply project (findings, hints, the reasons inside them: a
 * cron's field, a template action, a YAML error) in the language of --locale; English as it
 * always was. Finding ids, file and field names and quoted values stay as written.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/paths.js';
import { runCli, type CliRun } from './helpers/run-cli.js';

const EDGE = path.join(FIXTURES, 'comply-edge');

/** A small comply project with what comply-edge does not have: no comply.yml, body and cron problems. */
const SMALL: Record<string, string> = {
  'policies/lists.md': [
    'acronym: AN ACRONYM THAT IS MUCH LONGER THAN FORTY CHARACTERS',
    'satisfies: TSC',
    'majorRevisions: yesterday',
    '---',
    '#Purpose',
    '',
    '## Scope {#scope}',
    '',
    '{{range .Policies}}x{{end}}',
    '',
    '-----  -----',
    'a      b',
    '-----  -----',
    '',
    '```',
    'never closed',
    '',
  ].join('\n'),
  'policies/mid.md': 'name: Mid---line\nbody\n',
  'procedures/a.md': 'name: Backup\ncron: "0 0 25 * * *"\n---\n- [ ] Back up\n',
  'procedures/b.md': 'id: a\nname: Rotate\ncron: "0 */0 * * * *"\n---\n- [ ] Rotate\n',
  'standards/empty.yml': 'name: Nothing\n',
};

async function importInto(source: string, locale: string): Promise<CliRun> {
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-comply-findings-')), 'repo');
  return runCli(['import', 'comply', source, out, '--as-of', '2026-11-25', '--locale', locale]);
}

/** The finding lines (file:line:col severity rule message) and hints, without code frames. */
const findingLines = (stderr: string) => stderr.split('\n').filter((l) => /^[\w./-]+:\d+:\d+ (warning|error) |^ {2}(hint|ヒント): /.test(l));

describe('import comply findings in the reader\'s language', () => {
  let small: string;
  const runs = new Map<string, CliRun>();
  /** A run's finding lines, checked to hold every line expected, the run having exited with `code`. */
  const findings = (name: string, code: number, expected: readonly string[]) => {
    const run = runs.get(name)!;
    expect(run.code).toBe(code);
    const lines = findingLines(run.stderr);
    for (const line of expected) expect(lines).toContain(line);
    return { run, lines };
  };
  beforeAll(async () => {
    small = await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-comply-src-'));
    for (const [file, text] of Object.entries(SMALL)) {
      await mkdir(path.dirname(path.join(small, file)), { recursive: true });
      await writeFile(path.join(small, file), text);
    }
    for (const [name, source] of [['edge', EDGE], ['small', small]] as const) {
      for (const locale of ['ja', 'en']) runs.set(`${name}-${locale}`, await importInto(source, locale));
    }
  });

  it('--locale ja: the findings about comply.yml, the documents, the standards and the procedures, with their hints', () => {
    const { run, lines } = findings('edge-ja', 1, [
      'comply.yml:3:1 warning comply-field approvedBranch: precept は承認をブランチではなく承認台帳に記録します',
      'narratives/overview.md:1:1 warning comply-split ファイルが --- で始まっています。comply は空のメタデータとして読みますが、YAML のフロントマターとして取り込みました',
      'policies/access.md:3:1 warning comply-field owner: comply の規程のフィールドではありません。取り込んでいません',
      'policies/access.md:8:7 warning comply-criterion CC9.9 は SOC 2 の基準ではありません。criteria から外しました（CC9.2 のことですか？）',
      '  ヒント: 取り込んだ規程の criteria: に、この文書が実際に満たしている基準を対応付けてください',
      'policies/access.md:11:3 warning comply-standard satisfies: 標準「HIPAA」が standards/ に定義されていません。その基準 1 件は取り込んでいません',
      'policies/access.md:14:5 warning comply-review 最後の大きな改訂は「Jun 1 2018」（2018-06-01）です。年次の見直しの期限は 2019-06-01 でした',
      '  ヒント: 規程を見直してから、policies/access.md の review.last を設定してください',
      'policies/access.md:18:5 warning comply-date 改訂日「Jan 5 2099」は今日（2026-11-25）より後の日付です。最後の見直し日としては使っていません',
      'policies/access.md:23:41 warning comply-template {{.Stats.ControlsTotal}}: 不明なフィールド .Stats.ControlsTotal です。書かれたまま残しました',
      'policies/access.md:25:1 warning comply-latex LaTeX のコマンド「\\vspace{1em}」は comply の pandoc による PDF でしか意味がないため、取り込んでいません',
      'policies/broken.md:1:1 error comply-metadata メタデータと本文の間に「---」がありません（comply もこのファイルを読めません）。取り込んでいません',
      '  ヒント: 最初に YAML のメタデータ、次に --- だけの行、その後に本文を書いてください',
      'procedures/bad.md:3:7 warning comply-cron cron「every day」: comply の cron のフィールドは 5 つか 6 つ（秒 分 時 日 月 [曜日]）ですが、これは 2 つです。comply のスケジューラーもこれを実行しません。頻度を設定するまで、証跡は都度（per-event）になります',
      'procedures/review.md:1:5 warning comply-field id: 「access review」はコントロール ID にできません。コントロールは review にしました',
      'procedures/review.md:2:1 warning comply-procedure コントロール review はまだどの規程からも求められていません（comply は手順書と規程を結び付けていませんでした）',
      '  ヒント: review を必要とする規程の controls: に review を挙げてください',
      'standards/ISO-27001.yml:6:1 warning comply-standard 「A.9 .2」は基準 ID にできません（英数字と、その間の . _ - だけが使えます）。取り込んでいません',
      'standards/TSC-2017.yml:10:1 warning comply-standard CC10.1 は precept の SOC 2 カタログ（2017 TSC）の基準ではありません。対象範囲から外しました（CC1.1 のことですか？）',
    ]);
    // A YAML error is said by the loader's catalogue, inside the importer's sentence.
    expect(lines).toContainEqual(expect.stringMatching(/^policies\/bad-yaml\.md:2:1 error comply-metadata YAML の書き方が正しくありません: .+。取り込んでいません$/));
    expect(run.stderr).toContain('standards/TSC-2017.yml:1:1 warning comply-coverage 対象範囲にある SOC 2 CC1.1（Commitment to integrity and ethical values）を満たす comply の文書がありません\n');
    expect(run.stdout).toContain('修正が必要な指摘が 56件あります');
    expect(run.stderr).not.toMatch(/not imported|left out|kept as written|placeholder|hint:/);
  });

  it('--locale ja: body, template, cron and organisation findings, the cron field named in Japanese', () => {
    const { run } = findings('small-ja', 0, [
      'comply.yml:1:1 warning comply-organization 組織名がありません（comply.yml がなく、--org もありません）。「Your Organization」を使い、文書中のすべての {{.Name}} にも入れました',
      '  ヒント: --org "Your Company, Inc." を付けて取り込み直してください',
      'policies/lists.md:1:1 warning comply-field name: がありません。ファイル名から表題「Lists」を作りました',
      'policies/lists.md:3:17 warning comply-field majorRevisions: {date, comment} のリストでなければなりません。取り込んでいません',
      'policies/lists.md:5:1 warning comply-markdown 「#Purpose」は # の後に空白がないため、pandoc でも GFM でも見出しになりません。見出し「# Purpose」として取り込みました',
      'policies/lists.md:9:1 warning comply-template {{range .Policies}}: テンプレートのロジック（range、条件、関数）は取り込めません。書かれたまま残しました',
      '  ヒント: GFM の表（| a | b |）に書き直してください',
      'policies/lists.md:15:1 warning comply-markdown コードブロックが閉じられていません',
      'policies/mid.md:1:10 warning comply-split comply は最初の「---」でメタデータを終えます。ここでは行の途中にありますが、comply と同じように読んで取り込みました',
      'procedures/a.md:2:7 warning comply-cron cron「0 0 25 * * *」: 時の値 25 が範囲 0〜23 の外です。comply のスケジューラーもこれを実行しません。頻度を設定するまで、証跡は都度（per-event）になります',
      'procedures/b.md:1:5 warning comply-id 別の手順書がすでに ID a を使っているため、この手順書は a-2 にしました',
      'procedures/b.md:3:7 warning comply-cron cron「0 */0 * * * *」: 分のフィールドの間隔「0」が正しくありません。comply のスケジューラーもこれを実行しません。頻度を設定するまで、証跡は都度（per-event）になります',
      'standards/empty.yml:1:1 warning comply-standard 標準 Nothing に基準がありません。取り込んでいません',
    ]);
    expect(run.stderr).not.toMatch(/not imported|left out|kept as written|outside|hint:/);
  });

  it('--locale en: the same findings in English, as they always were', () => {
    findings('edge-en', 1, [
      'comply.yml:3:1 warning comply-field approvedBranch: precept records approvals in its approval ledger, not by branch',
      'policies/access.md:8:7 warning comply-criterion CC9.9 is not a SOC 2 criterion; left out of criteria - did you mean CC9.2?',
      '  hint: map the criterion this document really satisfies under criteria: in the imported policy',
      'policies/access.md:11:3 warning comply-standard satisfies: standard "HIPAA" is not defined in standards/; its 1 criterion was left out',
      '  hint: add the standard to precept as frameworks/<id>.yaml and map the criteria by hand',
      'procedures/bad.md:3:7 warning comply-cron cron "every day": comply\'s cron has 5 or 6 fields (second minute hour day-of-month month [day-of-week]); this one has 2; comply\'s scheduler skips it too. Evidence is per-event until you set its frequency',
      'standards/TSC-2017.yml:10:1 warning comply-standard CC10.1 is not a criterion of precept\'s SOC 2 catalogue (2017 TSC); left out of scope - did you mean CC1.1?',
    ]);
    const { run } = findings('small-en', 0, [
      'comply.yml:1:1 warning comply-organization no organisation name (no comply.yml, no --org): "Your Organization" was used, including in every {{.Name}} of the documents',
      '  hint: import again with --org "Your Company, Inc."',
      'policies/lists.md:1:10 warning comply-field acronym: longer than 40 characters; not kept as an alias',
      'policies/lists.md:2:12 warning comply-field satisfies: expected a map of standard names to criteria; left out',
      'policies/lists.md:3:17 warning comply-field majorRevisions: expected a list of {date, comment}; left out',
      'policies/lists.md:7:10 warning comply-markdown pandoc heading attributes {#scope} are not GFM; left out (the heading\'s anchor is made from its text)',
      'policies/lists.md:9:21 warning comply-template {{end}}: template logic (ranges, conditions, functions) is not imported; kept as written',
      'policies/lists.md:11:1 warning comply-table pandoc simple or multiline table is not converted; its lines are kept as text',
      'policies/mid.md:1:10 warning comply-split comply ends the metadata at the first "---", here inside a line; imported as comply reads it',
      '  hint: check that the metadata and the body start where you meant',
      'procedures/a.md:1:1 warning comply-field id: missing; the control is a (from the file name)',
      'procedures/a.md:2:7 warning comply-cron cron "0 0 25 * * *": hour 25 is outside 0-23; comply\'s scheduler skips it too. Evidence is per-event until you set its frequency',
      'procedures/b.md:1:5 warning comply-id another procedure already has id a; this one is a-2',
      'procedures/b.md:3:7 warning comply-cron cron "0 */0 * * * *": bad step "0" in the minute field; comply\'s scheduler skips it too. Evidence is per-event until you set its frequency',
      'standards/empty.yml:1:1 warning comply-standard standard Nothing has no criteria; not imported',
    ]);
    expect(run.stderr).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});
