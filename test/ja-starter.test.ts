/** The Japanese starter (starters/ja) that `precept init --locale ja` copies must check clean and read as Japanese. */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/check/check.js';
import { renderWhole } from '../src/markdown/render.js';
import { isValidPolicy } from '../src/repo/project/types.js';
import { TestRepo } from './helpers/git-repo.js';
import { PROJECT_ROOT, TODAY } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const STARTER = path.join(PROJECT_ROOT, 'starters', 'ja');

const TITLES: Record<string, string> = {
  'information-security': '情報セキュリティ基本方針',
  'access-control': 'アクセス管理規程',
  encryption: '暗号化規程',
  'incident-response': 'インシデント対応規程',
  'business-continuity': '事業継続・災害復旧規程',
  'vulnerability-management': '脆弱性管理規程',
  'change-management': '変更管理規程',
  'vendor-management': '委託先管理規程',
  'acceptable-use': '情報システム利用規程',
  'data-classification': '情報分類規程',
};

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** A line break or space between two Japanese characters: the browser shows it as a stray space. */
const SPLIT_JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}、。）」][ \n][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}（「]/u;

/** The starter copied into a fresh git repo and committed, as `init` followed by a first commit leaves it. */
async function starterRepo(): Promise<TestRepo> {
  const repo = await TestRepo.create('precept-ja-');
  for (const entry of readdirSync(STARTER)) cpSync(path.join(STARTER, entry), path.join(repo.dir, entry), { recursive: true });
  repo.commit('日本語スターター', '2026-11-20T09:00:00Z');
  return repo;
}

const shown = (ds: { file: string; line: number; ruleId: string; message: string }[]) => ds.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message}`);

describe('Japanese starter (starters/ja)', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await starterRepo();
  });

  it('checks clean, even with --strict, today and years from now', async () => {
    for (const asOf of [TODAY, '2031-06-30']) {
      const result = await check(repo.dir, { asOf, strict: true });
      expect(shown(result.diagnostics), asOf).toEqual([]);
    }
  });

  it('has the ten SOC 2 policies, loaded with their Japanese titles, and empty ledgers', async () => {
    const { project } = await check(repo.dir, { asOf: TODAY });
    expect(project.policies.every(isValidPolicy)).toBe(true);
    const titles = Object.fromEntries(project.policies.filter(isValidPolicy).map((p) => [p.id, p.meta.title]));
    expect(titles).toEqual(TITLES);
    for (const title of Object.values(titles)) expect(title).toMatch(JAPANESE);
    for (const p of project.policies.filter(isValidPolicy)) {
      expect(p.meta.summary, p.id).toMatch(JAPANESE);
      expect(p.meta.status, p.id).toBe('draft'); // nothing is approved until the organisation's approvers say so
    }
    expect(project.config.organization.name).toBe('株式会社サンプル');
    expect(project.config.frameworks.get('soc2')?.scope).toEqual(['security', 'availability', 'confidentiality']);
    for (const ledger of ['approvals.jsonl', 'acknowledgements.jsonl']) {
      expect(statSync(path.join(STARTER, 'records', ledger)).size, ledger).toBe(0);
    }
  });

  it('renders every body the same with both Markdown front ends, with no stray spaces or asterisks between Japanese words', async () => {
    const { project } = await check(repo.dir, { asOf: TODAY });
    let tables = 0;
    for (const p of project.policies) {
      const html = renderWhole(p.body);
      expect(html, p.id).toBe(renderWhole(p.body, { parser: 'remark' }));
      expect(html, p.id).toContain('<ol>');
      if (html.includes('<table>')) tables++;
      expect(html.match(SPLIT_JAPANESE)?.[0], p.id).toBeUndefined();
      expect(html, p.id).not.toContain('**');
    }
    expect(tables).toBeGreaterThanOrEqual(5);
    for (const { control } of project.controls) {
      expect(control.title, control.id).toMatch(JAPANESE);
      expect(control.description?.match(SPLIT_JAPANESE)?.[0], control.id).toBeUndefined();
    }
  });

  it('becomes approved once every approver has approved it in the ledger', async () => {
    const file = path.join(repo.dir, 'policies', 'encryption.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^status: draft.*$/m, 'status: approved\neffective: 2026-12-01'));
    const before = await check(repo.dir, { asOf: TODAY });
    expect(before.diagnostics.map((d) => d.ruleId)).toEqual(['approval-missing', 'approval-missing']);
    for (const person of ['sato.hanako', 'watanabe.shota']) {
      const run = await runCli(['approve', 'encryption', '--as', person, '--root', repo.dir], { now: new Date('2026-11-24T01:00:00Z') });
      expect(run.code, run.stderr).toBe(0);
    }
    const after = await check(repo.dir, { asOf: TODAY, strict: true });
    expect(shown(after.diagnostics)).toEqual([]);
  });
});
