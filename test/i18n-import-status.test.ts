/**
 * The status lines of `import markdown` and `import comply`, which make a new repo: in the
 * language of --locale, else the terminal's (PRECEPT_LOCALE, LC_ALL, LC_MESSAGES, LANG), as
 * `verify` resolves it; English as it always was.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const HUGO = path.join(FIXTURES, 'import-markdown', 'hugo');

async function importMarkdown(args: string[], env: Record<string, string> = {}) {
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-import-')), 'repo');
  const run = await runCli(['import', 'markdown', HUGO, out, '--as-of', '2026-01-15', ...args], { env });
  return { ...run, out };
}

describe('import status lines', () => {
  it('import markdown --locale ja says what it made in Japanese', async () => {
    const run = await importMarkdown(['--locale', 'ja']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^7件の文書のうち規程 6件を ${run.out} に\\d+\\.\\d秒で取り込みました。リンクの書き換え 7件、ファイルのコピー 1件、Markdown への変換 9件、x: の下に残した他ツールのキー 20件、git から得た所管者 \\d+人（履歴があるもの: 規程 6件中 \\d+件）。\n`));
    expect(run.stdout).toContain('対応が必要な指摘が 6件あります（markdown-link 2件、markdown-image 2件、markdown-empty 1件、markdown-coverage 1件）。\n');
    expect(run.stdout).toContain(`次に：cd ${run.out} && git init && git add -A && git commit -m "Import policies" を実行してから、\`precept check\` を実行してください。\n`);
    expect(run.stdout).not.toMatch(/Imported|findings|Next/);
    // The findings about the source files, their hints and the words around them.
    expect(run.stderr).toContain('content/policies/_index.md:1:1 warning markdown-empty 表題とフロントマターのほかに本文がありません（セクションの目次ページ？）。取り込んでいません\n');
    expect(run.stderr).toContain('content/policies/information-security.md:50:1 warning markdown-image 画像 /images/org-chart.png: 取り込んだフォルダにそのファイルはありません。説明文をテキストとして残しました\n');
    expect(run.stderr).toContain('  ヒント: 各規程（と controls/ のコントロール）で criteria: を対応付けてください');
    expect(run.stderr).not.toMatch(/kept as text|not imported|hint:/);
  });

  it('follows the terminal when --locale is not given, and refuses a language precept has none for', async () => {
    expect((await importMarkdown([], { LANG: 'ja_JP.UTF-8' })).stdout).toContain('対応が必要な指摘が 6件あります');
    expect((await importMarkdown([], { PRECEPT_LOCALE: 'ja', LANG: 'C.UTF-8' })).stdout).toContain('対応が必要な指摘が 6件あります');
    expect((await importMarkdown([], { LC_ALL: 'C', LANG: 'ja_JP.UTF-8' })).stdout).toContain('6 findings to see to');
    const english = await importMarkdown(['--locale', 'en'], { LANG: 'ja_JP.UTF-8' });
    expect(english.stdout).toMatch(new RegExp(`^Imported 6 policies of 7 documents into ${english.out} in \\d+\\.\\d s: 7 links rewritten, 1 file copied, 9 constructs converted to Markdown, 20 keys of other tools kept under x:, \\d+ owners? from git \\(\\d+ of 6 with history\\)\\.\\n`
      + '6 findings to see to \\(2 markdown-link, 2 markdown-image, 1 markdown-empty, 1 markdown-coverage\\)\\.\\n'
      + `Next: cd ${english.out} && git init && git add -A && git commit -m "Import policies", then \`precept check\`\\.\\n$`));
    expect(english.stderr).toContain('content/policies/_index.md:1:1 warning markdown-empty no text besides its title and front matter (a section index?); not imported\n');
    expect(english.stderr).toContain('  hint: map criteria: in each policy (and controls in controls/)');
    const german = await importMarkdown(['--locale', 'de']);
    expect(german.code).toBe(2);
    expect(german.stderr).toContain('--locale must be one of en, ja, got "de"');
  });

  it('import comply says what it made in the terminal\'s language', async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-comply-')), 'repo');
    const run = await runCli(['import', 'comply', path.join(FIXTURES, 'comply-soc2'), out, '--as-of', '2026-01-15'], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(run.stdout).toMatch(new RegExp(`^comply の文書 36件を ${out} に\\d+\\.\\d秒で取り込みました。規程 27件、ナラティブ 5件（policies/narratives/）、手順から作ったコントロール 4件。\n`));
    expect(run.stdout).toContain('グリッド表 9件、パイプ表 2件、改ページ 8件を変換し、テンプレートの項目 39件に「Your Organization」を入れました。\n');
    expect(run.stdout).toMatch(/修正が必要な指摘が \d+件あります（comply-owner 36件、comply-review 32件、.*）。\n/);
    expect(run.stdout).toContain(`次に：指摘を修正してから \`precept check --root ${out}\` を実行してください（それまでは同じ内容が報告されます）。\n`);
  });
});
