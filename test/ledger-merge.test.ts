/**
 * Ledgers across branches: the merge driver (pure, and as git runs it), `ledger setup`, and
 * `ledger rebase --onto` in the script that pushes records after a rejected push.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRecords } from '../src/records/ledger/append.js';
import { mergeLedgers } from '../src/records/ledger/merge.js';
import { parseLedger } from '../src/records/ledger/parse.js';
import { rebaseLedger } from '../src/records/ledger/rebase.js';
import { ACKS_LEDGER, APPROVALS_LEDGER } from '../src/records/ledger/registry.js';
import type { AcknowledgementRecord } from '../src/repo/schema/types.generated.js';
import type { NewRecord } from '../src/records/ledger/append.js';
import { ackOrg } from './helpers/ack-org.js';
import { sampleApproval } from './helpers/ledger-records.js';
import { runCli } from './helpers/run-cli.js';

const ACKS = 'records/acknowledgements.jsonl';
const APPROVALS = 'records/approvals.jsonl';
const now = new Date('2026-11-25T12:00:00Z');

const ack = (person: string, at: string, extra: Partial<NewRecord<AcknowledgementRecord>> = {}): NewRecord<AcknowledgementRecord> => ({
  policy: 'alpha', version: '2.0.0', contentHash: `sha256:${'b'.repeat(64)}`, person, at, source: 'cli', ...extra,
});

/** A ledger file built by appending batches; returns the bytes after each batch. */
async function grow<T extends object>(kind: typeof ACKS_LEDGER | typeof APPROVALS_LEDGER, batches: T[][]): Promise<Buffer[]> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-merge-')), 'l.jsonl');
  const out: Buffer[] = [];
  for (const batch of batches) {
    if (batch.length) await appendRecords(file, kind as never, batch as never[]);
    out.push(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return out;
}

const people = (bytes: Buffer) => parseLedger(ACKS, bytes, ACKS_LEDGER).entries.map((e) => e.record.person);

describe('mergeLedgers', () => {
  it("keeps their side byte for byte, then chains our records they lack after it, dropping repeats", async () => {
    const [base, ours] = await grow(ACKS_LEDGER, [[ack('ada', '2026-07-01T09:00:00Z')], [ack('bob', '2026-07-02T09:00:00Z'), ack('eve', '2026-07-05T09:00:00Z')]]);
    const [, theirs] = await grow(ACKS_LEDGER, [[ack('ada', '2026-07-01T09:00:00Z')], [ack('cy', '2026-07-03T09:00:00Z'), ack('eve', '2026-07-04T09:00:00Z', { source: 'import', recorded: '2026-11-25T12:00:00Z', import: { file: 'x.csv', line: 2, sha256: `sha256:${'c'.repeat(64)}` } })]]);
    const merged = mergeLedgers(ACKS_LEDGER, ACKS, base!, ours!, theirs!);
    expect(merged).toMatchObject({ base: 1, theirs: 3, ours: 1, duplicates: 1 });
    const parsed = parseLedger(ACKS, merged.bytes, ACKS_LEDGER);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.entries.map((e) => [e.record.seq, e.record.person, e.record.at])).toEqual([
      [1, 'ada', '2026-07-01T09:00:00Z'], [2, 'cy', '2026-07-03T09:00:00Z'], [3, 'eve', '2026-07-04T09:00:00Z'], [4, 'bob', '2026-07-02T09:00:00Z'],
    ]);
    expect(merged.bytes.subarray(0, theirs!.length).equals(theirs!)).toBe(true);
    expect(mergeLedgers(ACKS_LEDGER, ACKS, base!, ours!, theirs!).bytes.equals(merged.bytes)).toBe(true);
  });

  it('accepts a side whose base records an earlier merge re-chained, but not one that changed their content', async () => {
    const [base, ours] = await grow(ACKS_LEDGER, [[ack('ada', '2026-07-01T09:00:00Z')], [ack('bob', '2026-07-02T09:00:00Z')]]);
    const [, theirs] = await grow(ACKS_LEDGER, [[], [ack('cy', '2026-07-03T09:00:00Z')]]);
    // An earlier merge on their side put cy first and ada after it: ada's record is renumbered, not changed.
    const rechained = mergeLedgers(ACKS_LEDGER, ACKS, Buffer.alloc(0), base!, theirs!).bytes;
    expect(people(rechained)).toEqual(['cy', 'ada']);
    const merged = mergeLedgers(ACKS_LEDGER, ACKS, base!, ours!, rechained);
    expect(people(merged.bytes)).toEqual(['cy', 'ada', 'bob']);
    const [edited] = await grow(ACKS_LEDGER, [[ack('cy', '2026-07-03T09:00:00Z'), ack('ada', '2026-07-01T09:00:00Z', { source: 'import', recorded: '2026-11-25T12:00:00Z', import: { file: 'x.csv', line: 2, sha256: `sha256:${'c'.repeat(64)}` } })]]);
    expect(() => mergeLedgers(ACKS_LEDGER, ACKS, base!, ours!, edited!)).toThrow('their side changed record 1 of records/acknowledgements.jsonl, committed at the merge base');
  });

  it('merges approvals by their own key: the same review imported on both branches once, every other decision kept', async () => {
    const review = sampleApproval({ approver: 'bob', source: 'github:acme/policies#7', review: 99, at: '2026-03-01T10:00:00Z' });
    const [base, ours] = await grow(APPROVALS_LEDGER, [[sampleApproval()], [sampleApproval({ decision: 'rejected', at: '2026-03-02T10:00:00Z' }), review]]);
    const [, theirs] = await grow(APPROVALS_LEDGER, [[sampleApproval()], [review, sampleApproval({ at: '2026-03-03T10:00:00Z' })]]);
    const merged = mergeLedgers(APPROVALS_LEDGER, APPROVALS, base!, ours!, theirs!);
    expect(merged).toMatchObject({ base: 1, duplicates: 1 });
    const parsed = parseLedger(APPROVALS, merged.bytes, APPROVALS_LEDGER);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.entries.map((e) => `${e.record.approver} ${e.record.decision} ${e.record.at.slice(5, 10)}`)).toEqual([
      'ada approved 02-01', 'bob approved 03-01', 'ada approved 03-03', 'ada rejected 03-02',
    ]);
  });

  it('refuses a side that changed or removed a record of the base, or does not verify', async () => {
    const [base, ours] = await grow(ACKS_LEDGER, [[ack('ada', '2026-07-01T09:00:00Z'), ack('bob', '2026-07-01T10:00:00Z')], [ack('cy', '2026-07-02T09:00:00Z')]]);
    const edited = Buffer.from(base!.toString().replace('"ada"', '"eve"'));
    expect(() => mergeLedgers(ACKS_LEDGER, ACKS, base!, ours!, edited)).toThrow(/^their side: records\/acknowledgements\.jsonl does not verify: line 1: line 1 does not match the hash line 2 records/);
    // The last record edited: the chain cannot tell, the base can.
    const lastEdited = Buffer.from(base!.toString().replace('"bob"', '"eve"'));
    expect(() => mergeLedgers(ACKS_LEDGER, ACKS, base!, ours!, lastEdited)).toThrow('their side removed record 2 of records/acknowledgements.jsonl, committed at the merge base');
    const [rewritten] = await grow(ACKS_LEDGER, [[ack('ada', '2026-07-01T09:00:00Z'), ack('bob', '2026-07-01T10:00:00Z', { note: 'edited' })]]);
    expect(() => mergeLedgers(ACKS_LEDGER, ACKS, base!, rewritten!, ours!)).toThrow('our side changed record 2 of records/acknowledgements.jsonl, committed at the merge base; committed records are never changed, so this merge is left to you');
    const shorter = base!.subarray(0, base!.indexOf(10) + 1);
    expect(() => mergeLedgers(ACKS_LEDGER, ACKS, base!, ours!, shorter)).toThrow('their side removed record 2 of records/acknowledgements.jsonl, committed at the merge base');
  });
});

describe('rebaseLedger', () => {
  it('keeps upstream byte for byte and chains the local records it lacks after it', async () => {
    const [base, local] = await grow(ACKS_LEDGER, [[ack('ada', '2026-07-01T09:00:00Z')], [ack('bob', '2026-07-09T09:00:00Z'), ack('cy', '2026-07-10T09:00:00Z')]]);
    const [, upstream] = await grow(ACKS_LEDGER, [[ack('ada', '2026-07-01T09:00:00Z')], [ack('cy', '2026-07-03T09:00:00Z'), ack('eve', '2026-07-04T09:00:00Z')]]);
    const rebased = rebaseLedger(ACKS_LEDGER, ACKS, upstream!, local!);
    expect(rebased.bytes.subarray(0, upstream!.length).equals(upstream!)).toBe(true);
    expect(people(rebased.bytes)).toEqual(['ada', 'cy', 'eve', 'bob']);
    expect([rebased.common, rebased.upstream.length, rebased.kept.map((e) => e.line), rebased.dropped.map((e) => e.record.person)]).toEqual([1, 2, [4], ['cy']]);
    expect(parseLedger(ACKS, rebased.bytes, ACKS_LEDGER).diagnostics).toEqual([]);
    // A ledger that already extends upstream comes back unchanged.
    expect(rebaseLedger(ACKS_LEDGER, ACKS, base!, local!).bytes.equals(local!)).toBe(true);
  });
});

/** git with the fixed identity and no system config. */
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Test Author', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
  cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
});

describe('git merges with the driver', () => {
  it('two branches that both acknowledged (one by CSV import) and both approved merge cleanly, and the result verifies against HEAD', async () => {
    const repo = await ackOrg();
    const setup = await runCli(['ledger', 'setup', '--root', repo.dir]);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('Added "records/*.jsonl merge=precept-ledger" to .gitattributes: commit it.');
    expect(await readFile(path.join(repo.dir, '.gitattributes'), 'utf8')).toBe('records/*.jsonl merge=precept-ledger\n');
    expect(git(repo.dir, 'config', '--get', 'merge.precept-ledger.driver')).toMatch(/ledger merge %O %A %B %P\n$/);
    expect((await runCli(['ack', 'alpha', '--as', 'ada', '--root', repo.dir], { now })).code).toBe(0);
    await appendRecords(path.join(repo.dir, APPROVALS), APPROVALS_LEDGER, [sampleApproval()]);
    repo.commit('ledger setup, first records', '2026-11-25T12:00:00Z');

    git(repo.dir, 'checkout', '-q', '-b', 'lms');
    await writeFile(path.join(repo.dir, 'lms.csv'), 'Email,Policy,Version,Acknowledged at\nbob@fixture.example,alpha,2.0.0,2026-07-03T10:00:00Z\neve@fixture.example,alpha,2.0.0,2026-07-04T10:00:00Z\n');
    const imported = await runCli(['acks', 'import', 'lms.csv', '--root', repo.dir], { now, cwd: repo.dir });
    expect(imported.code, imported.stderr).toBe(0);
    await appendRecords(path.join(repo.dir, APPROVALS), APPROVALS_LEDGER, [sampleApproval({ approver: 'bob', at: '2026-03-01T00:00:00Z' })]);
    repo.commit('import the LMS export', '2026-11-25T12:10:00Z');

    git(repo.dir, 'checkout', '-q', 'main');
    expect((await runCli(['ack', 'alpha', '--as', 'eve', '--root', repo.dir], { now: new Date('2026-11-25T12:05:00Z') })).code).toBe(0);
    expect((await runCli(['ack', 'beta', '--as', 'ada', '--root', repo.dir], { now: new Date('2026-11-25T12:06:00Z') })).code).toBe(0);
    await appendRecords(path.join(repo.dir, APPROVALS), APPROVALS_LEDGER, [sampleApproval({ approver: 'cy', at: '2026-03-02T00:00:00Z' })]);
    repo.commit('portal records', '2026-11-25T12:20:00Z');
    const mainLedger = await readFile(path.join(repo.dir, ACKS));

    // The branch takes main in, as a pull does: main's records stay as they are, the branch's follow.
    git(repo.dir, 'checkout', '-q', 'lms');
    git(repo.dir, 'merge', '-q', '--no-edit', 'main');
    const merged = await readFile(path.join(repo.dir, ACKS));
    expect(merged.subarray(0, mainLedger.length).equals(mainLedger)).toBe(true);
    // eve acknowledged on both: main's record is kept, the import's repeat dropped.
    const records = parseLedger(ACKS, merged, ACKS_LEDGER).entries.map((e) => `${e.record.person} ${e.record.policy} ${e.record.source}`);
    expect(records).toEqual(['ada alpha cli', 'eve alpha cli', 'ada beta cli', 'bob alpha import']);
    const verify = await runCli(['ledger', 'verify', '--root', repo.dir]);
    expect([verify.code, verify.stderr]).toEqual([0, '']);
    expect(verify.stdout).toMatch(/^records\/approvals\.jsonl: 3 records, chain intact, extends the ledger at HEAD \([0-9a-f]{7}\)\nrecords\/acknowledgements\.jsonl: 4 records, chain intact, extends the ledger at HEAD/);

    // Main moves on before the branch's merge lands, and the branch takes main in again: the
    // base (main's earlier tip) is a prefix of both sides, so this merges as cleanly.
    git(repo.dir, 'checkout', '-q', 'main');
    expect((await runCli(['ack', 'alpha', '--as', 'fay', '--root', repo.dir], { now: new Date('2026-11-25T12:30:00Z') })).code).toBe(0);
    repo.commit('more portal records', '2026-11-25T12:40:00Z');
    git(repo.dir, 'checkout', '-q', 'lms');
    git(repo.dir, 'merge', '-q', '--no-edit', 'main');
    git(repo.dir, 'checkout', '-q', 'main');
    git(repo.dir, 'merge', '-q', '--ff-only', 'lms');
    expect((await runCli(['ledger', 'verify', '--root', repo.dir])).code).toBe(0);
    expect(people(await readFile(path.join(repo.dir, ACKS)))).toEqual(['ada', 'eve', 'ada', 'fay', 'bob']);
  });

  it('leaves the conflict to git when a branch rewrote a committed record', async () => {
    const repo = await ackOrg();
    await runCli(['ledger', 'setup', '--root', repo.dir]);
    await runCli(['ack', 'alpha', '--as', 'ada', '--root', repo.dir], { now });
    repo.commit('first', '2026-11-25T12:00:00Z');
    git(repo.dir, 'checkout', '-q', '-b', 'tamper');
    const file = path.join(repo.dir, ACKS);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"ada"', '"bob"'));
    repo.commit('rewrite', '2026-11-25T12:01:00Z');
    git(repo.dir, 'checkout', '-q', 'main');
    await runCli(['ack', 'alpha', '--as', 'eve', '--root', repo.dir], { now });
    repo.commit('second', '2026-11-25T12:02:00Z');
    let failure = '';
    try {
      git(repo.dir, 'merge', '--no-edit', 'tamper');
    } catch (error) {
      failure = String((error as { stdout?: string }).stdout) + String((error as { stderr?: string }).stderr);
    }
    expect(failure).toContain('their side removed record 1 of records/acknowledgements.jsonl, committed at the merge base');
    expect(failure).toContain('CONFLICT (content): Merge conflict in records/acknowledgements.jsonl');
  });
});

describe('precept ledger rebase --onto', () => {
  it('lets a script push its records after a rejected push: nothing lost, nothing twice, the remote verifies', async () => {
    const repo = await ackOrg();
    const remote = await mkdtemp(path.join(os.tmpdir(), 'precept-remote-'));
    git(remote, 'init', '-q', '--bare', '-b', 'main');
    git(repo.dir, 'push', '-q', remote, 'main');
    const clone = async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-clone-'));
      git(dir, 'clone', '-q', remote, '.');
      return dir;
    };
    const [a, b] = [await clone(), await clone()];
    await runCli(['ack', 'alpha', '--as', 'ada', '--root', a], { now });
    await runCli(['ack', 'alpha', '--as', 'bob', '--root', a], { now });
    git(a, 'add', 'records');
    git(a, 'commit', '-qm', 'a');
    git(a, 'push', '-q', 'origin', 'main');
    await runCli(['ack', 'alpha', '--as', 'bob', '--root', b], { now: new Date('2026-11-25T12:30:00Z') });
    await runCli(['ack', 'alpha', '--as', 'eve', '--root', b], { now: new Date('2026-11-25T12:31:00Z') });
    git(b, 'fetch', '-q', 'origin', 'main');
    const rebased = await runCli(['ledger', 'rebase', '--onto', 'origin/main', '--root', b]);
    expect(rebased.stdout).toBe([
      "records/approvals.jsonl: already extends origin/main (0 records)",
      "records/acknowledgements.jsonl: 1 local record chained after origin/main's 2 records; 1 record origin/main already holds dropped",
      'records/distributions.jsonl: already extends origin/main (0 records)',
      'records/reminders.jsonl: already extends origin/main (0 records)',
      '',
    ].join('\n'));
    git(b, 'reset', '-q', '--soft', 'origin/main');
    git(b, 'commit', '-qm', 'b', '--', 'records/');
    git(b, 'reset', '-q', '--hard', 'HEAD');
    git(b, 'push', '-q', 'origin', 'HEAD:main');
    const check = await clone();
    expect((await runCli(['ledger', 'verify', '--root', check])).code).toBe(0);
    expect(people(await readFile(path.join(check, ACKS)))).toEqual(['ada', 'bob', 'eve']);
    // The remote only ever grew: its previous ledger is a prefix of the new one.
    const before = git(check, 'show', 'HEAD~1:records/acknowledgements.jsonl');
    expect((await readFile(path.join(check, ACKS), 'utf8')).startsWith(before)).toBe(true);
  });
});
