/**
 * What `build` and `pack` print for the person running them, in the repo's language
 * (test/fixtures/ja: locale ja): the closing summary, the folders written, a refusal, warnings.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from './helpers/git-repo.js';
import { JA_FIXTURE, jaRepo } from './helpers/ja-repo.js';
import { runCli } from './helpers/run-cli.js';

describe('status lines in Japanese', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await jaRepo();
  });

  it('build says what it built and where, in Japanese', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-ja-build-'));
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const [summary, site] = run.stdout.split('\n');
    expect(summary).toMatch(/^規程 3件、ページ \d+件を\d+\.\d秒でビルドしました$/);
    expect(site).toBe(`  ポータル: ${out}${path.sep}site${path.sep}`);
  });

  it('build says why it refused, with the day it judged on written the Japanese way', async () => {
    // The organisation before anyone approved its policies: three approvals missing.
    const bare = await mkdtemp(path.join(os.tmpdir(), 'precept-ja-unapproved-'));
    await cp(JA_FIXTURE, bare, { recursive: true });
    const run = await runCli(['build', '--no-pdf', '--root', bare, '--as-of', '2026-04-15']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('precept build: ビルドしませんでした。2026年4月15日（--as-of）時点で check がエラーを 3件見つけています');
  }, 60_000);

  it('pack says what it wrote, with Japanese dates', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-ja-pack-'));
    const run = await runCli(['pack', '--root', repo.dir, '--from', '2026-04-01', '--to', '2026-06-30', '--prepared-by', '監査 担当', '--out', out],
      { now: new Date('2026-07-01T09:00:00Z') });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/を作成しました：\d+ページ、2026年4月1日から2026年6月30日までに有効だった規程 3件の 3版、署名なし、\d+\.\d秒\n$/);
  }, 180_000);
});
