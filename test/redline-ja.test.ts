/**
 * A Japanese repo (locale: ja): a one-phrase change shows as a one-phrase redline on the
 * portal's version page and in `precept review` (Markdown and --html), classified in Japanese.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAll } from './helpers/approve-all.js';
import { TestRepo } from './helpers/git-repo.js';
import { policyFile } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';

/** A 規程 as Japanese teams write them: articles with their purpose in brackets, plain and polite endings. */
const body = (cadence: string, mfa: string) => `## 第1条（目的）

本規程は、当社の情報資産へのアクセスを適切に管理するために必要な事項を定める。

## 第2条（適用範囲）

本規程は、当社の役員、従業員及び業務委託先の要員に適用する。

## 第3条（アクセス権の管理）

1. アクセス権は、業務上必要な最小限の範囲で付与する。
2. 情報システム管理者は、アクセス権を${cadence}レビューしなければならない。
3. 多要素認証を${mfa}。

## 第4条（例外）

やむを得ない事情がある場合は、情報セキュリティ責任者の承認を得て例外とすることができる。
`;

const V1 = body('四半期ごとに', '有効にすること');
const V2 = body('毎月', '有効にしなければならない');

/** Words inside <del> and <ins>, in order (the screen-reader words beside them are not part of them). */
const marked = (html: string, tag: 'del' | 'ins') => [...html.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'g'))].map((m) => m[1]);

describe('Japanese redlines', () => {
  let repo: TestRepo;
  let base: string;
  beforeAll(async () => {
    repo = await TestRepo.create('precept-ja-');
    await repo.write({
      '.gitignore': 'dist/\n.precept-cache/\nredlines/\n',
      'precept.config.yaml': 'organization:\n  name: 株式会社サンプル\n  slug: sample\nlocale: ja\nframeworks:\n  soc2:\n    scope: [security]\n',
      'people.yaml': 'groups:\n  - id: all-staff\n    name: 全従業員\n    everyone: true\npeople:\n  - id: ada\n    name: 山田 花子\n    email: ada@sample.example\n    start: 2020-01-01\n  - id: bob\n    name: 佐藤 太郎\n    email: bob@sample.example\n    github: bob-sato\n    start: 2020-01-01\n',
      'controls/base.yaml': '- id: AC-01\n  title: アクセス権のレビュー\n  owner: ada\n  criteria:\n    soc2: [CC6.1, CC6.2]\n',
      'policies/access-control.md': policyFile('access-control', 'アクセス管理規程', '1.0.0', V1),
    });
    await approveAll(repo.dir, new Date('2026-01-10T09:00:00Z'));
    repo.commit('アクセス管理規程を制定', '2026-01-10T10:00:00Z');
    base = repo.git('rev-parse', 'HEAD').trim();
    await repo.write({ 'policies/access-control.md': policyFile('access-control', 'アクセス管理規程', '1.1.0', V2) });
    await approveAll(repo.dir, new Date('2026-03-01T09:00:00Z'));
    repo.commit('レビューを毎月に、多要素認証を必須に', '2026-03-01T10:00:00Z');
  });
  afterAll(async () => {
    await rm(repo.dir, { recursive: true, force: true });
  });

  it('the portal’s version page marks only the changed phrases', async () => {
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir, '--as-of', '2026-03-02']);
    expect(run.code, run.stderr).toBe(0);
    const page = await readFile(path.join(repo.dir, 'dist', 'site', 'policies', 'access-control', 'v', '1.1.0', 'index.html'), 'utf8');
    const redline = page.slice(page.indexOf('<div class="redline">'), page.indexOf('</section>', page.indexOf('<div class="redline">')));
    expect([marked(redline, 'del'), marked(redline, 'ins')]).toEqual([['四半期ごとに', 'すること'], ['毎月', 'しなければならない']]);
    // The list keeps its numbers and the screen-reader words are the repo's language.
    expect(redline).toContain('<li value="2" class="rl-block rl-li rl-changed">情報システム管理者は、アクセス権を<span class="rl-sr">［削除：</span><del>四半期ごとに</del>');
  });

  it('review classifies advice made mandatory as MAJOR, with its reasons in Japanese', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-ja-redlines-'));
    const review = await runCli(['review', '--base', base, '--root', repo.dir, '--as-of', '2026-03-02', '--html', out], { cwd: repo.dir });
    expect(review.code, review.stderr).toBe(0);
    const lines = review.stdout.split('\n');
    expect(lines[0]).toBe('## 規程のレビュー');
    const why = lines.slice(lines.indexOf('理由：') + 2, lines.indexOf('', lines.indexOf('理由：') + 2));
    expect(why).toEqual([
      '- **MAJOR** 期間・頻度の変更：「四半期ごとに」 → 「毎月」（「第3条（アクセス権の管理）」）',
      '- **MAJOR** 義務・推奨・許可の表現の変更：「すること」 → 「しなければならない」（「第3条（アクセス権の管理）」）',
    ]);
    expect(lines).toContain('- 情報システム管理者は、アクセス権を<del>四半期ごとに</del><ins>毎月</ins>レビューしなければならない。');
    const html = await readFile(path.join(out, 'access-control.html'), 'utf8');
    expect(html).toContain('<html lang="ja">');
    expect([marked(html, 'del'), marked(html, 'ins')]).toEqual([['四半期ごとに', 'すること'], ['毎月', 'しなければならない']]);
    expect(html).toContain('<h2>MAJOR の理由</h2>');
  });
});
