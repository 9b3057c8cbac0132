/** `due` and `acks status` in the repo's language (test/fixtures/ja: locale ja). */
import { beforeAll, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import type { TestRepo } from './helpers/git-repo.js';
import { jaRepo } from './helpers/ja-repo.js';
import { runCli } from './helpers/run-cli.js';

describe('reports in Japanese', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await jaRepo();
  });

  it('due writes Japanese Markdown with Japanese dates', async () => {
    const run = await runCli(['due', '--root', repo.dir, '--as-of', '2027-03-01', '--within', '30d']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('## 2027年3月1日時点の期限一覧（今後30日間、2027年3月31日まで）');
    expect(lines[2]).toBe('**見直し：** 期限超過 0件、2027年3月31日までに期限 3件・**確認：** 期限超過 6件、2027年3月31日までに期限 0件・**承認：** 承認が揃っていない規程 0件');
    expect(run.stdout).toContain('| 情報セキュリティ基本方針 (`information-security` 1.0.0) | `yamada` | 2027年3月15日 | あと14日 |');
    expect(run.stdout).toContain('### 期限を過ぎた確認');
    expect(run.stdout).toContain('| 鈴木 一郎 (`suzuki`) | `access-control` 1.0.0 (期限 2026年5月1日、304日超過), `information-security` 1.0.0 (期限 2026年5月1日、304日超過) |');
  });

  it('acks status lines up its Japanese table', async () => {
    const run = await runCli(['acks', 'status', '--root', repo.dir, '--as-of', '2026-04-15']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('2026年4月15日時点の規程の確認状況（猶予 30日）');
    const [head, ...rows] = lines.slice(2, 6);
    expect(head).toMatch(/^規程\s+版\s+対象\s+確認済み\s+割合\s+未確認\s+期限超過$/);
    // Columns end in the same place whatever the width of the characters in them (the last is right-aligned).
    expect(rows.map((r) => r!.split(/\s+/)[0])).toEqual(['access-control', 'information-security-en', 'information-security']);
    for (const row of rows) expect(stringWidth(row!)).toBe(stringWidth(head!));
    expect(run.stdout).toContain('6件中0件の確認が済んでいます（0%）。未確認 6件、期限超過 0件。');
    expect(run.stdout).toContain('  access-control 1.0.0 (3): sato（期限 2026年5月1日）、suzuki（期限 2026年5月1日）、yamada（期限 2026年5月1日）');
    expect(run.stdout).toContain('  suzuki (鈴木 一郎): access-control 1.0.0 期限 2026年5月1日; information-security 1.0.0 期限 2026年5月1日');
  });
});
