/** `precept review --base`: the pull request report, checked line by line for each kind of change. */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { MarkdownRenderer } from '../src/markdown/render.js';
import { loadMessages } from '../src/core/i18n/messages.js';
import { redline } from '../src/markdown/redline/redline.js';
import { classifyBody, overallLevel } from '../src/repo/versioning/classify.js';
import { isMaterialSection, isNumber, materialTerms, occurrences, readText, requirementTerms, sectionKinds, statesMaterial, timeTerms } from '../src/repo/versioning/vocabulary/match.js';
import { bumpFit } from '../src/reports/review/bump-fit.js';
import { pairPolicies } from '../src/reports/review/pair.js';
import type { Policy } from '../src/repo/project/types.js';
import type { TestRepo } from './helpers/git-repo.js';
import { PROJECT_ROOT } from './helpers/paths.js';
import { reviewRepo } from './helpers/review-repo.js';
import { runCli } from './helpers/run-cli.js';

let repo: TestRepo;
let base: string;
beforeAll(async () => {
  repo = await reviewRepo();
  base = repo.git('rev-parse', '--short=7', 'main').trim();
});
const review = (...argv: string[]) => runCli(['review', '--base', 'main', '--root', repo.dir, '--as-of', '2026-11-25', ...argv], { cwd: repo.dir });

describe('precept review', () => {
  it('prints a Markdown report: summary table, then each policy, coverage, checks and ledger records', async () => {
    const run = await review();
    expect(run.code).toBe(1); // delta changed without a version bump
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 16)).toEqual([
      '## Policy review',
      '',
      `Compared with \`main\` (${base}): 1 added, 1 removed, 1 renamed, 3 changed, 1 with frontmatter changes. **1 error, 8 warnings.**`,
      '',
      'precept classifies each change from the diff: requirement words (must, shall, never, within…), numbers, time periods and the Scope and Roles sections are MAJOR (staff must re-acknowledge); other wording is MINOR; case, punctuation, spacing, spelling and formatting are PATCH. The reasons are listed so reviewers can disagree.',
      '',
      '| Policy | Change | Version | Classified | Verdict |',
      '|---|---|---|---|---|',
      '| Alpha Policy (`alpha`) | changed | 1.0.0 → 1.1.0 (MINOR) | MAJOR | ⚠️ bump smaller than the change |',
      '| Beta Policy (`beta`) | changed | 1.0.0 → 1.1.0 (MINOR) | MINOR | ✅ |',
      '| Delta Policy (`delta`) | frontmatter | 1.0.0 (not bumped) | MINOR | ❌ version not bumped |',
      '| Eta Policy (`eta`) | added | 1.0.0 | new | ✅ |',
      '| Gamma Policy (`gamma`) | changed | 1.0.0 → 1.0.1 (PATCH) | PATCH | ✅ |',
      '| Epsilon Policy (`epsilon`) | renamed | 1.0.0 | none | ✅ |',
      '| Zeta Policy (`zeta`) | removed | 1.0.0 | — | — |',
      '',
    ]);
    const section = (title: string) => {
      const start = lines.indexOf(title);
      const end = lines.findIndex((l, i) => i > start && l.startsWith('### '));
      return lines.slice(start, end);
    };
    // Material: a requirement word and a number, bumped only MINOR.
    expect(section('### Alpha Policy (`alpha`): changed')).toEqual([
      '### Alpha Policy (`alpha`): changed',
      '',
      '`policies/alpha.md` · version 1.0.0 → 1.1.0 (MINOR) · classified **MAJOR** (material: staff must re-acknowledge)',
      '',
      '⚠️ **Warning**: version 1.0.0 → 1.1.0 is a MINOR bump, but this change looks MAJOR (1.0.0 → 2.0.0)',
      '',
      'Why:',
      '',
      '- **MAJOR** changes requirement words and numbers: “must … 14” → “should … 7” in “Purpose”',
      '',
      '| Field | Before | After |',
      '|---|---|---|',
      '| version | 1.0.0 | 1.1.0 |',
      '',
      'Redline:',
      '',
      '- Staff <del>must</del><ins>should</ins> patch critical vulnerabilities within <del>14</del><ins>7</ins> days.',
      '',
      'Approval needed from: @ada-o (Ada Owner)',
      '',
    ]);
    // Minor wording, with Markdown, HTML and an @mention in the policy text made harmless.
    expect(section('### Beta Policy (`beta`): changed')).toEqual([
      '### Beta Policy (`beta`): changed',
      '',
      '`policies/beta.md` · version 1.0.0 → 1.1.0 (MINOR) · classified **MINOR**',
      '',
      'Why:',
      '',
      '- **MINOR** rewording in “Purpose”: “This policy explains how we handle vendor onboarding (ask &amp; @\u200bsecurity…”',
      '',
      '| Field | Before | After |',
      '|---|---|---|',
      '| version | 1.0.0 | 1.1.0 |',
      '',
      'Redline:',
      '',
      '- This policy <del>describes</del><ins>explains</ins> how we handle vendor onboarding <ins>(ask &amp; @\u200bsecurity-team \\| ops)</ins>.',
      '',
      'Approval needed from: @ada-o (Ada Owner)',
      '',
    ]);
    // Frontmatter only, not bumped: an error.
    expect(section('### Delta Policy (`delta`): frontmatter changed')).toEqual([
      '### Delta Policy (`delta`): frontmatter changed',
      '',
      '`policies/delta.md` · version 1.0.0 (not bumped) · classified **MINOR**',
      '',
      '❌ **Error**: content changed but the version is still 1.0.0; this change looks MINOR (1.0.0 → 1.1.0)',
      '',
      'Why:',
      '',
      '- **MINOR** owner changed: ada → bob',
      '',
      '| Field | Before | After |',
      '|---|---|---|',
      '| owner | ada | bob |',
      '',
      'Approval needed from: @ada-o (Ada Owner)',
      '',
    ]);
    expect(section('### Eta Policy (`eta`): added')).toEqual([
      '### Eta Policy (`eta`): added',
      '',
      '`policies/eta.md` · version 1.0.0',
      '',
      'New policy (4 words): read it in full in the diff or the HTML redline.',
      '',
      // The pull request records ada's approval itself: its author's claim, not counted here.
      'Approval needed from: @ada-o (Ada Owner)',
      '',
    ]);
    // Editorial: a spelling fix, bumped PATCH.
    expect(section('### Gamma Policy (`gamma`): changed')).toEqual([
      '### Gamma Policy (`gamma`): changed',
      '',
      '`policies/gamma.md` · version 1.0.0 → 1.0.1 (PATCH) · classified **PATCH**',
      '',
      'Why:',
      '',
      '- **PATCH** spelling in “Purpose”: “We receive and triage reports from staff.”',
      '',
      '| Field | Before | After |',
      '|---|---|---|',
      '| version | 1.0.0 | 1.0.1 |',
      '',
      'Redline:',
      '',
      '- We <del>recieve</del><ins>receive</ins> and triage reports from staff.',
      '',
      'Approval needed from: @ada-o (Ada Owner)',
      '',
    ]);
    expect(section('### Epsilon Policy (`epsilon`): renamed')).toEqual([
      '### Epsilon Policy (`epsilon`): renamed', '', '`policies/epsilon.md` → `policies/hr/epsilon.md` · version 1.0.0 · no content change', '',
    ]);
    expect(section('### Zeta Policy (`zeta`): removed')).toEqual([
      '### Zeta Policy (`zeta`): removed', '', '`policies/zeta.md` · version 1.0.0', '', 'Removed: its approvals and acknowledgements stay in the ledgers.', '',
    ]);
    expect(lines.slice(lines.indexOf('### Coverage'))).toEqual([
      '### Coverage',
      '',
      '- ❌ Mini M-3 (Third requirement) loses its last policy or control (was: `zeta`)',
      '',
      '### Needs separate approval',
      '',
      'The base decides who may approve and who anyone is, and its ledgers decide what is approved; these changes cannot vouch for themselves:',
      '',
      '- ⚠️ `policies/eta.md:7:1` eta is new and names its own approvers (ada): reviews count only from those on the base\'s roster, and the choice needs separate approval',
      '- ⚠️ `records/approvals.jsonl:7:1` line 7 is added by this pull request (ada approved eta 1.0.0 (cli, 2026-11-25T12:00:00Z)): not counted here; once merged it counts as ada\'s own, so it needs separate approval',
      '',
      '### Check results for changed files',
      '',
      '- ⚠️ `policies/alpha.md:7:13` approval-missing: ada approved version 1.0.0, not version 1.1.0 (pending: this pull request changes the policy)',
      '- ⚠️ `policies/beta.md:7:13` approval-missing: ada approved version 1.0.0, not version 1.1.0 (pending: this pull request changes the policy)',
      expect.stringMatching(/^- ⚠️ `policies\/delta\.md:7:13` approval-missing: ada approved version 1\.0\.0 on 2026-11-25, but its text has changed since \(content sha256:[0-9a-f]{8}…, approved sha256:[0-9a-f]{8}…\) \(pending: this pull request changes the policy\)$/),
      '- ⚠️ `policies/eta.md:7:13` approval-missing: no approval from ada for version 1.0.0 (content sha256:55b88225…) (pending: this pull request changes the policy)',
      '- ⚠️ `policies/gamma.md:7:13` approval-missing: ada approved version 1.0.0, not version 1.0.1 (pending: this pull request changes the policy)',
      '',
      '### Added to `records/approvals.jsonl` by this pull request (not counted until it merges)',
      '',
      '- line 7: ada approved eta 1.0.0 (cli, 2026-11-25T12:00:00Z)',
      '',
    ]);
  });

  it('--format json carries the same findings for machines', async () => {
    const run = await review('--format', 'json');
    const report = JSON.parse(run.stdout);
    expect(report.base.commit.slice(0, 7)).toBe(base);
    expect(report.policies.map((p: { id: string; change: string; level: string; version: { bump?: string } }) => [p.id, p.change, p.level, p.version.bump ?? null])).toEqual([
      ['alpha', 'changed', 'major', 'minor'], ['beta', 'changed', 'minor', 'minor'], ['delta', 'metadata', 'minor', 'none'], ['eta', 'added', 'major', null],
      ['gamma', 'changed', 'patch', 'patch'], ['epsilon', 'renamed', 'none', 'none'], ['zeta', 'removed', 'none', null],
    ]);
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([
      { file: 'policies/delta.md', line: 4, column: 10, endLine: 4, endColumn: 15, ruleId: 'version-not-bumped', severity: 'error', message: 'content changed but the version is still 1.0.0; this change looks MINOR (1.0.0 → 1.1.0)' },
    ]);
    expect(report.counts).toEqual({ errors: 1, warnings: 8 });
  });

  it('writes an HTML redline page per changed policy that a browser shows with insertions and deletions marked', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-redlines-'));
    const run = await review('--html', path.join(out, 'redlines'));
    expect(run.stderr).toMatch(/^Wrote 7 redline pages to /);
    const html = await readFile(path.join(out, 'redlines', 'alpha.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:">`);
    // The page carries the fonts its text needs (no system font decides how it reads).
    expect(new Set([...html.matchAll(/@font-face\{font-family:"([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set(['Noto Sans', 'Noto Sans JP', 'Noto Sans Mono']));
    expect(html).not.toMatch(/system-ui|Segoe/);
    const browser = await launchBrowser(findBrowser(process.env), { runningAsRoot: process.getuid?.() === 0 });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(out, 'redlines', 'alpha.html')).href);
      const text = (selector: string) => page.$eval(selector, (e) => e.textContent);
      const all = (selector: string) => page.$$eval(selector, (list) => list.map((e) => e.textContent));
      const seen = {
        title: await text('h1'),
        level: await text('.level'),
        inserted: await all('ins'),
        deleted: await all('del'),
        struck: await page.$eval('del', (e) => (globalThis as unknown as { getComputedStyle(x: unknown): { textDecorationLine: string } }).getComputedStyle(e).textDecorationLine),
        problem: await text('.problem'),
      };
      expect(seen).toEqual({
        title: 'Alpha Policy', level: 'MAJOR', inserted: ['should', '7'], deleted: ['must', '14'], struck: 'line-through',
        problem: 'version 1.0.0 → 1.1.0 is a MINOR bump, but this change looks MAJOR (1.0.0 → 2.0.0)',
      });
      await page.goto(pathToFileURL(path.join(out, 'redlines', 'eta.html')).href);
      expect([(await all('b, script')).length, await text('main .rl-p ins')]).toEqual([0, 'Eta text @everyone.']);
    } finally {
      await browser.close();
    }
  });

  it('check --base treats missing approvals of the changed policies as pending', async () => {
    const plain = await runCli(['check', '--root', repo.dir, '--as-of', '2026-11-25']);
    expect([plain.code, plain.stdout]).toEqual([1, expect.stringMatching(/: 4 errors, 3 warnings\n$/)]);
    const pr = await runCli(['check', '--root', repo.dir, '--as-of', '2026-11-25', '--base', 'main', '--format', 'github']);
    expect(pr.code).toBe(0);
    expect(pr.stdout.split('\n').filter((l) => l.includes('approval-missing')).map((l) => l.replace(/,col=.*?::/, '::').replace(/%0A.*$/, ''))).toEqual([
      '::warning file=policies/alpha.md,line=7::ada approved version 1.0.0, not version 1.1.0 (pending: this pull request changes the policy)',
      '::warning file=policies/beta.md,line=7::ada approved version 1.0.0, not version 1.1.0 (pending: this pull request changes the policy)',
      expect.stringMatching(/^::warning file=policies\/delta\.md,line=7::ada approved version 1\.0\.0 on 2026-11-25, but its text has changed since/),
      // The pull request's own record of ada approving eta does not count (see security-approvals.test.ts).
      expect.stringMatching(/^::warning file=policies\/eta\.md,line=7::no approval from ada for version 1\.0\.0 /),
      '::warning file=policies/gamma.md,line=7::ada approved version 1.0.0, not version 1.0.1 (pending: this pull request changes the policy)',
    ]);
  });

  it('needs --base, and a git repository', async () => {
    expect((await runCli(['review', '--root', repo.dir])).stderr).toMatch(/missing --base REF/);
    const bad = await runCli(['review', '--base', 'nope', '--root', repo.dir]);
    expect([bad.code, bad.stderr]).toEqual([2, 'precept review: git: no commit named "nope"\n']);
  });
});

describe('change classification', () => {
  const renderer = new MarkdownRenderer();
  const en = loadMessages('en');
  const classify = (before: string, after: string) => {
    const a = renderer.render(before).tree;
    const b = renderer.render(after).tree;
    const reasons = classifyBody(redline(a, b).changes, { messages: en, lang: 'en' });
    return [overallLevel(reasons), ...reasons.map((r) => r.text)];
  };
  const table: [string, string, string, string][] = [
    ['requirement word', 'Logs are kept.\n\nStaff must lock screens.', 'Logs are kept.\n\nStaff may lock screens.', 'major'],
    ['number', 'Passwords have 12 characters.', 'Passwords have 14 characters.', 'major'],
    ['time period', 'Access is reviewed every quarter.', 'Access is reviewed every year.', 'major'],
    ['scope section', '## Scope\n\nEmployees in Europe.', '## Scope\n\nEmployees in Europe and contractors.', 'major'],
    ['new requirement', 'Intro.', 'Intro.\n\nVisitors must sign in.', 'major'],
    ['plain rewording', 'We describe the process here.', 'We explain the process here.', 'minor'],
    ['new heading', 'Text.', '## Background\n\nText.', 'minor'],
    ['case and punctuation', 'staff lock screens', 'Staff lock screens.', 'patch'],
    ['spelling', 'Staff recieve training.', 'Staff receive training.', 'patch'],
  ];
  for (const [name, before, after, level] of table) {
    it(`${name} is ${level.toUpperCase()}`, () => expect(classify(before, after)[0]).toBe(level));
  }
  it('says why, quoting the words that changed', () => {
    expect(classify('Passwords have 12 characters.', 'Passwords have 14 characters.')).toEqual(['major', 'changes numbers: “12” → “14”']);
    expect(classify('## Scope\n\nEmployees in Europe.', '## Scope\n\nEmployees in Europe and contractors.')).toEqual(['major', 'rewords the Scope section: “Employees in Europe and contractors.”']);
    // As written, each changed stretch apart (a row of comply's encryption table).
    const row = (tool: string, algorithm: string) => `| Name of System | **Cryptographic Tool** | **Encryption Algorithm** |\n| --- | --- | --- |\n| Virtual Private Network (VPN) keys | ${tool} | ${algorithm} |\n`;
    expect(classify(row('OpenSSL and OpenVPN', 'AES-256'), row('WireGuard', 'ChaCha20-Poly1305')))
      .toEqual(['major', 'changes numbers: “OpenSSL and OpenVPN … AES-256” → “WireGuard … ChaCha20-Poly1305”']);
    expect(classify('Staff patch servers within 14 days.', 'Staff patch servers.')).toEqual(['major', 'changes requirement words, numbers and time periods: “within 14 days” → (nothing)']);
  });
  it('says formatting-only changes are PATCH: heading markup, emphasis, link targets, list style', () => {
    expect(classify('## Scope\n\nEmployees in Europe.', '### Scope\n\nEmployees in Europe.')).toEqual(['patch', 'formatting only (heading markup): “Scope”']);
    expect(classify('**Scope**\n\nEmployees.', '## Scope\n\nEmployees.')).toEqual(['patch', 'formatting only (heading markup and emphasis): “Scope”']);
    expect(classify('Staff must *always* lock screens.', 'Staff must **always** lock screens.')).toEqual(['patch', 'formatting only (emphasis): “Staff must always lock screens.”']);
    expect(classify('## Scope\n\nSee [the standard](a.md).', '## Scope\n\nSee [the standard](b.md).')).toEqual(['patch', 'formatting only (link target) in “Scope”: “See the standard.”']);
    expect(classify('1. Lock screens.\n2. Log out.', '- Lock screens.\n- Log out.')[0]).toBe('patch');
  });

  it('says moved text is MINOR within a section, and weighs it like new text across sections', () => {
    const doc = (a: string, b: string) => `## Purpose\n\nWhy.\n\n${a}\n\n## Background\n\nHistory.\n\n${b}`;
    expect(classify(doc('Staff must lock screens.\n\nNotes follow.', ''), doc('Notes follow.\n\nStaff must lock screens.', ''))).toEqual(['minor', 'moves text in “Purpose”: “Staff must lock screens.”']);
    expect(classify(doc('Staff must lock screens.', 'Old notes.'), doc('', 'Old notes.\n\nStaff must lock screens.'))[0]).toBe('major');
  });

  describe('in Japanese', () => {
    const ja = loadMessages('ja');
    const classifyJa = (before: string, after: string) => {
      const reasons = classifyBody(redline(renderer.render(before).tree, renderer.render(after).tree, { lang: 'ja' }).changes, { messages: ja, lang: 'ja' });
      return [overallLevel(reasons), ...reasons.map((r) => r.text)];
    };
    // Plain and polite endings, as 規程 write them.
    const cases: [string, string, string, string][] = [
      ['すること → しなければならない', '多要素認証を有効にすること。', '多要素認証を有効にしなければならない。', 'major'],
      ['できる → しなければなりません', '私物の端末は業務に使用することができます。', '私物の端末は業務に使用しなければなりません。', 'major'],
      ['望ましい → ものとする', 'パスワードは定期的に変更することが望ましい。', 'パスワードは定期的に変更するものとする。', 'major'],
      ['禁止 → 推奨しない', '私物の記録媒体の使用を禁止する。', '私物の記録媒体は使用しないよう注意する。', 'major'],
      ['してはならない → 差し支えない', '業務用の端末を社外に持ち出してはならない。', '業務用の端末を社外に持ち出しても差し支えない。', 'major'],
      ['する必要がある → 推奨する', '退職者のアカウントは削除する必要があります。', '退職者のアカウントは削除を推奨します。', 'major'],
      ['期間', 'アクセス権は四半期ごとにレビューしなければならない。', 'アクセス権は毎月レビューしなければならない。', 'major'],
      ['漢数字', 'インシデントは三十日以内に報告する。', 'インシデントは十四日以内に報告する。', 'major'],
      ['「一般」は数ではない', '一般の従業員が閲覧する。', '一部の従業員が閲覧する。', 'minor'],
      ['算用数字', 'ログは1年間保存する。', 'ログは3年間保存する。', 'major'],
      ['のみ', '管理者がアクセスできる。', '管理者のみアクセスできる。', 'major'],
      ['適用範囲の節', '## 第2条（適用範囲）\n\n本規程は従業員に適用する。', '## 第2条（適用範囲）\n\n本規程は従業員及び業務委託先に適用する。', 'major'],
      ['役割と責任の節', '## 役割と責任\n\n情報システム部が台帳を管理する。', '## 役割と責任\n\n総務部が台帳を管理する。', 'major'],
      ['例外の節', '## 第9条（例外）\n\n責任者の承認を得る。', '## 第9条（例外）\n\n責任者の書面による承認を得る。', 'major'],
      ['目的の節は文言', '## 第1条（目的）\n\n本規程は情報資産の保護について定める。', '## 第1条（目的）\n\n本規程は情報資産の保護に関する事項を定める。', 'minor'],
      ['定義の節は文言', '## 第3条（定義）\n\n情報資産とは、当社が保有する情報をいう。', '## 第3条（定義）\n\n情報資産とは、当社が管理する情報をいう。', 'minor'],
      ['句読点', '情報資産を保護し、漏えいを防ぐ。', '情報資産を保護し，漏えいを防ぐ。', 'patch'],
      ['全角と半角', 'ＭＦＡを使用する。', 'MFAを使用する。', 'patch'],
      ['見出しの書式', '## 第3条（定義）\n\n本文。', '### 第3条（定義）\n\n本文。', 'patch'],
      ['英語の混在', 'Staff は MFA を使う。', 'Staff は MFA を必ず使う。', 'major'],
    ];
    for (const [name, before, after, level] of cases) {
      it(`${name} is ${level.toUpperCase()}`, () => expect(classifyJa(before, after)[0]).toBe(level));
    }
    it('says why, in Japanese, quoting the words that changed', () => {
      expect(classifyJa('多要素認証を有効にすること。', '多要素認証を有効にしなければならない。')).toEqual(['major', '義務・推奨・許可の表現の変更：「すること」 → 「しなければならない」']);
      expect(classifyJa('## 第2条（適用範囲）\n\n本規程は従業員に適用する。', '## 第2条（適用範囲）\n\n本規程は従業員及び業務委託先に適用する。'))
        .toEqual(['major', '「第2条（適用範囲）」の節の文言の変更：「本規程は従業員及び業務委託先に適用する。」']);
      expect(classifyJa('## 第3条（定義）\n\n本文。', '### 第3条（定義）\n\n本文。')).toEqual(['patch', '書式のみの変更（見出しの書式）：「第3条（定義）」']);
    });
    it('finds terms in one pass where each list of every language finds them, and whether there are any (policies of every fixture and starter, tricky words)', () => {
      const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []));
      const texts = ['test/fixtures', 'starters', 'examples'].flatMap((d) => files(path.join(PROJECT_ROOT, d)))
        .flatMap((f) => readFileSync(f, 'utf8').split(/\n{2,}/));
      texts.push('MUST, Shall. must.have don\'t NEVER', 'e.g. within 1,000 days; 3.5 hours', 'KELVIN \u212Aey must', 'İmmediately not', 'mustn’t', 'no_more', 'なければならない。', '十四日以内に', '四半期', 'することが', 'こと」。');
      const ranges = (list: [number, number][]) => [...new Set(list.map(([s, e]) => `${s}-${e}`))].sort().join();
      const differ: string[] = [];
      for (const lang of ['en', 'ja']) {
        for (const text of texts) {
          const read = readText(text, lang);
          const found = materialTerms(text, lang);
          const expected = [requirementTerms().flatMap((t) => occurrences(read, t)), timeTerms().flatMap((t) => occurrences(read, t)),
            read.tokens.filter((t) => t.word && isNumber(t.text)).map((t): [number, number] => [t.start, t.start + t.text.length])];
          if ([found.requirement, found.time, found.number].some((list, i) => ranges(list) !== ranges(expected[i]!))) differ.push(`${lang}: ${text}`);
          if (statesMaterial(text, lang) !== expected.some((list) => list.length > 0)) differ.push(`${lang} (any): ${text}`);
        }
      }
      expect(texts.length).toBeGreaterThan(1000);
      expect(differ).toEqual([]);
    });
    it('recognises Japanese section names in headings however they are numbered', () => {
      expect(['第1条（目的）', '2. 適用範囲', '第3章 役割と責任', '（定義）', '第9条 例外', '罰則', '違反時の措置', '第12条（見直し）', '附則']
        .map((h) => sectionKinds(h, 'ja').join())).toEqual(['purpose', 'scope', 'roles', 'definitions', 'exceptions', 'enforcement', 'enforcement', 'review', '']);
      expect(['Purpose and Scope', 'Roles and Responsibilities', 'Exceptions', 'Access reviews'].map((h) => isMaterialSection(h, 'en'))).toEqual([true, true, true, false]);
    });
  });

  it('judges version steps', () => {
    expect(bumpFit('1.2.3', '1.2.3', 'patch', false, en).problem?.message).toBe('content changed but the version is still 1.2.3; this change looks PATCH (1.2.3 → 1.2.4)');
    expect(bumpFit('1.2.3', '1.2.3', 'minor', true, en).problem?.severity).toBe('warning'); // drafts are edited freely
    expect(bumpFit('1.2.3', '1.1.0', 'minor', false, en).problem?.ruleId).toBe('version-downgrade');
    expect(bumpFit('1.2.3', '2.0.0', 'patch', false, en).problem).toBeUndefined();
    expect(bumpFit('1.2.3', '1.2.4', 'none', false, en).problem).toBeUndefined();
  });
});

describe('pairing policies across a pull request', () => {
  const policy = (id: string, file: string, body: string) => ({ id, file, body }) as Policy;
  it('matches by id, then by path when the id changed, then by an identical body when a name-derived id changed', () => {
    const pairs = pairPolicies(
      [policy('a', 'policies/a.md', 'A'), policy('b', 'policies/b.md', 'B'), policy('old-name', 'policies/old-name.md', 'Same text'), policy('gone', 'policies/gone.md', 'G')],
      [policy('a', 'policies/x/a.md', 'A2'), policy('b2', 'policies/b.md', 'B'), policy('new-name', 'policies/new-name.md', 'Same text\n'), policy('fresh', 'policies/fresh.md', 'F')],
    );
    expect(pairs.map((p) => [p.id, p.before?.id ?? null, p.after?.id ?? null, p.renamed?.fromFile ?? null])).toEqual([
      ['b2', 'b', 'b2', 'policies/b.md'],
      ['fresh', null, 'fresh', null],
      ['gone', 'gone', null, null],
      ['new-name', 'old-name', 'new-name', 'policies/old-name.md'],
      ['a', 'a', 'a', 'policies/a.md'],
    ]);
  });
});
