/**
 * `precept ledger merge`, which git runs outside any repo's config, speaks the terminal's
 * language (PRECEPT_LOCALE, LC_ALL, LC_MESSAGES, LANG): what it merged, and the conflict it
 * leaves to git. English as it always was.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRecords, type NewRecord } from '../src/records/ledger/append.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';
import type { AcknowledgementRecord } from '../src/repo/schema/types.generated.js';
import { runCli } from './helpers/run-cli.js';

const ACKS = 'records/acknowledgements.jsonl';

const ack = (person: string, at: string): NewRecord<AcknowledgementRecord> => ({
  policy: 'alpha', version: '2.0.0', contentHash: `sha256:${'b'.repeat(64)}`, person, at, source: 'cli',
});

/** base, ours and theirs as git hands them to the driver: files in a folder. */
async function sides(): Promise<{ dir: string; write: (name: string, bytes: Buffer) => Promise<void> } & Record<'base' | 'ours' | 'theirs', Buffer>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-i18n-merge-'));
  const grow = async (file: string, batches: NewRecord<AcknowledgementRecord>[][]) => {
    const out: Buffer[] = [];
    for (const batch of batches) {
      await appendRecords(path.join(dir, file), ACKS_LEDGER, batch);
      out.push(await readFile(path.join(dir, file)));
    }
    return out;
  };
  const [base, ours] = await grow('ours.jsonl', [[ack('ada', '2026-07-01T09:00:00Z'), ack('bob', '2026-07-01T10:00:00Z')], [ack('cy', '2026-07-02T09:00:00Z'), ack('eve', '2026-07-05T09:00:00Z')]]);
  const [, theirs] = await grow('theirs.jsonl', [[ack('ada', '2026-07-01T09:00:00Z'), ack('bob', '2026-07-01T10:00:00Z')], [ack('eve', '2026-07-04T09:00:00Z')]]);
  return { dir, base: base!, ours: ours!, theirs: theirs!, write: (name, bytes) => writeFile(path.join(dir, name), bytes) };
}

const merge = (dir: string, env: Record<string, string>) => runCli(['ledger', 'merge', 'base.jsonl', 'ours.jsonl', 'theirs.jsonl', ACKS], { cwd: dir, env });

describe('ledger merge in the terminal\'s language', () => {
  it('says what it merged in Japanese under LANG=ja_JP.UTF-8, and in English as before otherwise', async () => {
    for (const [env, expected] of [
      [{ LANG: 'ja_JP.UTF-8' }, 'precept: records/acknowledgements.jsonl をマージしました。相手側のレコード 3件の後に、こちら側のレコード 1件をつなげました（相手側にすでにある 1件は除きました）\n'],
      [{ LANG: 'C.UTF-8' }, "precept: merged records/acknowledgements.jsonl: the other side's 3 records, then 1 of this side's chained after them; 1 record the other side already holds dropped\n"],
      [{ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }, "precept: merged records/acknowledgements.jsonl: the other side's 3 records, then 1 of this side's chained after them; 1 record the other side already holds dropped\n"],
    ] as const) {
      const s = await sides();
      await s.write('base.jsonl', s.base);
      const run = await merge(s.dir, env);
      expect([run.code, run.stderr, run.stdout]).toEqual([0, '', expected]);
    }
  });

  it('leaves a conflict to git, saying why in Japanese', async () => {
    const s = await sides();
    await s.write('base.jsonl', s.base);
    // Their side lost the base's second record.
    await s.write('theirs.jsonl', s.base.subarray(0, s.base.indexOf(10) + 1));
    const removed = await merge(s.dir, { LANG: 'ja_JP.UTF-8' });
    expect(removed.code).toBe(1);
    expect(removed.stderr).toBe('precept ledger merge: 相手側で、マージベースでコミット済みの records/acknowledgements.jsonl の 2行目のレコードが削除されています。レコードは削除できないため、このマージは手作業で解決してください\n');
    expect(await readFile(path.join(s.dir, 'ours.jsonl'))).toEqual(s.ours);

    // Our side edited by hand: the ledger reader's finding, in Japanese too.
    await s.write('theirs.jsonl', s.theirs);
    await s.write('ours.jsonl', Buffer.from(s.ours.toString().replace('"ada"', '"eve"')));
    const edited = await merge(s.dir, { LC_MESSAGES: 'ja_JP.UTF-8' });
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/^precept ledger merge: こちら側: records\/acknowledgements\.jsonl の検証に失敗しました: 1行目: 1行目が、2行目に記録されたハッシュ/);

    const english = await merge(s.dir, { LANG: 'en_US.UTF-8' });
    expect(english.stderr).toMatch(/^precept ledger merge: our side: records\/acknowledgements\.jsonl does not verify: line 1: line 1 does not match the hash line 2 records/);

    const missing = await runCli(['ledger', 'merge', 'base.jsonl', 'gone.jsonl', 'theirs.jsonl'], { cwd: s.dir, env: { LANG: 'ja_JP.UTF-8' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^precept ledger merge: gone\.jsonl を読み込めません: ENOENT/);
  });
});
