/** The generic ledger: chained lines, positioned diagnostics, durable locked appends, torn tails. */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GitRepo } from '../src/history/git.js';
import { appendRecords } from '../src/records/ledger/append.js';
import { GENESIS, lineHash } from '../src/records/ledger/chain.js';
import { acquireLock } from '../src/records/ledger/lock.js';
import { parseLedger } from '../src/records/ledger/parse.js';
import { readLedger } from '../src/records/ledger/read.js';
import { ACKS_LEDGER, APPROVALS_LEDGER, LEDGERS } from '../src/records/ledger/registry.js';
import { repairTornTail } from '../src/records/ledger/repair.js';
import { repeatDiagnostics } from '../src/records/ledger/repeats.js';
import { TestRepo } from './helpers/git-repo.js';
import { sampleApproval } from './helpers/ledger-records.js';

const FILE = 'records/approvals.jsonl';
const tmp = () => mkdtemp(path.join(os.tmpdir(), 'precept-ledger-'));

/** A ledger of n records in a fresh folder; returns the folder, the path and its lines. */
async function ledgerOf(n: number) {
  const dir = await tmp();
  const file = path.join(dir, FILE);
  await appendRecords(file, APPROVALS_LEDGER, Array.from({ length: n }, (_, i) => sampleApproval({ approver: `p${i + 1}` })));
  const lines = (await readFile(file, 'utf8')).split('\n').slice(0, -1);
  return { dir, file, lines };
}

const verify = (text: string | Buffer) =>
  parseLedger(FILE, typeof text === 'string' ? Buffer.from(text) : text, APPROVALS_LEDGER).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);

describe('ledger format', () => {
  it('writes canonical lines numbered from 1, each chained to the SHA-256 of the line before', async () => {
    const { lines } = await ledgerOf(3);
    expect(lines[0]).toBe(`{"approver":"p1","at":"2026-02-01T10:00:00Z","contentHash":"sha256:${'a'.repeat(64)}","decision":"approved","policy":"alpha","prev":"${GENESIS}","seq":1,"source":"cli","version":"1.0.0"}`);
    expect(JSON.parse(lines[1]!).prev).toBe(lineHash(lines[0]!));
    expect(JSON.parse(lines[2]!)).toMatchObject({ seq: 3, prev: lineHash(lines[1]!) });
    expect(GENESIS).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(verify(`${lines.join('\n')}\n`)).toEqual([]);
  });

  it('names the edited line when a record is changed in place', async () => {
    const { lines } = await ledgerOf(4);
    lines[1] = lines[1]!.replace('"approver":"p2"', '"approver":"px"');
    expect(verify(`${lines.join('\n')}\n`)).toEqual([
      expect.stringMatching(/^2:1 line 2 does not match the hash line 3 records for it \(sha256:[0-9a-f]{12}…, found sha256:[0-9a-f]{12}…\): line 2 was edited after it was written/),
    ]);
  });

  it('names the first line out of place when records are deleted, reordered or copied', async () => {
    const { lines } = await ledgerOf(5);
    expect(verify(`${[lines[0], lines[2], lines[3], lines[4]].join('\n')}\n`)).toEqual([
      '2:260 record #2 is missing before line 2 (which holds #3): it was deleted',
    ]);
    expect(verify(`${[lines[0], lines[2], lines[1], lines[3], lines[4]].join('\n')}\n`)[0]).toBe(
      '2:260 line 2 holds record #3, but record #2 comes later (line 3): records were reordered');
    expect(verify(`${[lines[0], lines[1], lines[1], lines[2]].join('\n')}\n`)[0]).toBe(
      '3:260 line 3 repeats record #2 (also at line 2): a record was copied');
    expect(verify(`${lines.slice(2).join('\n')}\n`)[0]).toBe('1:260 records #1-#2 are missing before line 1 (which holds #3): they were deleted');
  });

  it('reports invalid JSON, schema errors and hand-written lines at their line and field', async () => {
    const { lines } = await ledgerOf(3);
    const bad = [lines[0], lines[1]!.replace('"decision":"approved"', '"decision":"aproved"'), lines[2]];
    expect(verify(`${bad.join('\n')}\n`)).toEqual([
      '2:145 approval record: decision: must be one of approved, rejected; found "aproved" - did you mean approved?',
      expect.stringMatching(/^2:1 line 2 does not match the hash line 3 records/),
    ]);
    expect(verify(`${lines[0]}\n{"seq": 2,\n`)).toEqual(['2:1 line 2 is not valid JSON (Expected double-quoted property name)']);
    expect(verify(`${lines[0]!.replace('{"approver"', '{ "approver"')}\n`)).toEqual([
      '1:1 line 1 is not written canonically (keys sorted, no spaces): it was edited by hand or by another tool',
    ]);
    expect(verify(`${lines[0]}\n\n`)).toEqual(['2:1 line 2 is empty: a ledger holds one record per line']);
  });

  it('never uses a torn last line: no newline, or the NUL bytes a power cut can leave', async () => {
    const { lines } = await ledgerOf(3);
    const whole = `${lines.join('\n')}\n`;
    const cut = Buffer.from(whole.slice(0, -20));
    const parsed = parseLedger(FILE, cut, APPROVALS_LEDGER);
    expect(parsed.entries.map((e) => e.line)).toEqual([1, 2]);
    expect(parsed.torn).toEqual({ line: 3, offset: whole.length - lines[2]!.length - 1, bytes: lines[2]!.length - 19 });
    const zeroed = Buffer.concat([Buffer.from(`${lines[0]}\n`), Buffer.alloc(40), Buffer.from('\n')]);
    expect(parseLedger(FILE, zeroed, APPROVALS_LEDGER).torn).toEqual({ line: 2, offset: lines[0]!.length + 1, bytes: 41 });
  });
});

describe('reading a ledger in a repo', () => {
  it('reports a torn tail as an error and catches removed or edited committed records through git', async () => {
    const repo = await TestRepo.create();
    const file = path.join(repo.dir, FILE);
    await appendRecords(file, APPROVALS_LEDGER, [1, 2, 3, 4].map((i) => sampleApproval({ approver: `p${i}` })));
    const commit = repo.commit('ledger', '2026-02-01T10:00:00Z').slice(0, 7);
    const git = await GitRepo.open(repo.dir);
    const show = async () => (await readLedger(repo.dir, 'records', APPROVALS_LEDGER, { git })).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
    expect(await show()).toEqual([]);
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n').slice(0, -1);
    await writeFile(file, `${lines.slice(0, 3).join('\n')}\n`);
    expect(await show()).toEqual([`${FILE}:4:1 the ledger at HEAD (${commit}) has 4 records and this file 3: record #4 was removed`]);
    await writeFile(file, `${lines.slice(0, 3).join('\n')}\n${lines[3]!.replace('"p4"', '"p5"')}\n`);
    expect(await show()).toEqual([`${FILE}:4:1 line 4 differs from the ledger at HEAD (${commit}): a committed record was changed`]);
    await writeFile(file, text.slice(0, -5));
    expect(await show()).toEqual([
      `${FILE}:4:1 line 4 is incomplete (${lines[3]!.length - 4} bytes without a newline): an append was interrupted, and the line is not used`,
      `${FILE}:4:1 the ledger at HEAD (${commit}) has 4 records and this file 3: record #4 was removed`,
    ]);
    await writeFile(file, text);
    await appendRecords(file, APPROVALS_LEDGER, [sampleApproval()]);
    expect(await show()).toEqual([]); // appending after the committed prefix is what ledgers are for
    const read = await readLedger(repo.dir, 'records', APPROVALS_LEDGER, { git });
    expect([read.lines, read.anchored]).toEqual([5, 4]); // the first four lines are as committed
  });

  it('does not follow a records folder that leads outside the repository', async () => {
    const outside = await ledgerOf(1);
    const root = await tmp();
    await symlink(path.join(outside.dir, 'records'), path.join(root, 'records'));
    const read = await readLedger(root, 'records', APPROVALS_LEDGER);
    expect([read.entries.length, read.diagnostics[0]?.message]).toEqual([0, expect.stringMatching(/^records leads outside the repository \(to .*\); ledgers there are not used$/)]);
  });
});

describe('what makes two records the same fact', () => {
  // Verification indexes records by keyFields, writers compare key(): both must say the same.
  const samples: Record<string, Record<string, unknown>> = {
    approvals: { ...sampleApproval() },
    acknowledgements: { policy: 'alpha', version: '1.0.0', contentHash: `sha256:${'a'.repeat(64)}`, person: 'ada', at: '2026-02-01T10:00:00Z', source: 'cli' },
    distributions: { copy: 'copy-1', recipient: 'Auditor LLP', by: 'Ada', at: '2026-02-01T10:00:00Z' },
    reminders: { person: 'ada', channel: 'email', day: '2026-02-01', at: '2026-02-01T10:00:00Z', items: [] },
  };
  it.each(LEDGERS.map((kind) => [kind.id, kind] as const))('%s: key() changes exactly when a keyFields value does', (id, kind) => {
    const sample = samples[id]!;
    const key = (r: Record<string, unknown>) => kind.key(r as never);
    expect(kind.keyFields.every((f) => typeof sample[f] === 'string')).toBe(true);
    for (const field of Object.keys(sample)) {
      const changed = { ...sample, [field]: typeof sample[field] === 'string' ? `${sample[field] as string}x` : ['x'] };
      expect([field, key(changed) !== key(sample)]).toEqual([field, kind.keyFields.includes(field)]);
    }
  });

  it('reports a record that repeats the latest one with its key, wherever it is; shared values read as written', () => {
    const ack = (person: string, version: string) => ({ policy: 'alpha', version, contentHash: `sha256:${(version === '1.0.0' ? 'a' : 'b').repeat(64)}`, person, at: '2026-02-01T10:00:00Z', source: 'cli' });
    const records = [ack('ada', '1.0.0'), ack('bob', '1.0.0'), ack('ada', '2.0.0'), ack('ada', '1.0.0'), ack('bob', '2.0.0')];
    let prev = GENESIS;
    const lines = records.map((r, i) => {
      const line = JSON.stringify(Object.fromEntries(Object.entries({ ...r, seq: i + 1, prev }).sort(([a], [b]) => (a < b ? -1 : 1))));
      prev = lineHash(line);
      return line;
    });
    const file = 'records/acknowledgements.jsonl';
    const parsed = parseLedger(file, Buffer.from(`${lines.join('\n')}\n`), ACKS_LEDGER);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.entries.map((e) => JSON.stringify(e.record))).toEqual(lines);
    expect(repeatDiagnostics(file, parsed.entries, ACKS_LEDGER).map((d) => `${d.line} ${d.severity} ${d.message}`)).toEqual([
      '4 warning line 4 repeats line 1 (ada acknowledged alpha 1.0.0 (cli, 2026-02-01T10:00:00Z)): the same acknowledgement was written twice',
    ]);
  });
  it('finds repeats the same way when few of many people acknowledged a policy', () => {
    let line = 0;
    const entry = (person: string, policy: string) => ({ line: ++line, record: { policy, version: '1.0.0', contentHash: `sha256:${'a'.repeat(64)}`, person, at: '2026-02-01T10:00:00Z', source: 'cli', seq: line, prev: GENESIS } });
    const entries = [
      ...Array.from({ length: 100 }, (_, i) => entry(`p${i}`, 'alpha')),
      entry('p99', 'beta'), entry('p5', 'beta'), entry('p99', 'beta'), entry('p5', 'alpha'), entry('p100', 'beta'), entry('p5', 'beta'),
    ];
    expect(repeatDiagnostics('records/acknowledgements.jsonl', entries, ACKS_LEDGER).map((d) => d.message.split(' (')[0])).toEqual([
      'line 103 repeats line 101', 'line 104 repeats line 6', 'line 106 repeats line 102',
    ]);
  });
});

describe('appending', () => {
  it('refuses to append after a torn line; repairTornTail removes only that line and says what it removed', async () => {
    const { file, lines } = await ledgerOf(2);
    await writeFile(file, `${lines.join('\n')}\n{"approver":"p3","at":"2026`);
    await expect(appendRecords(file, APPROVALS_LEDGER, [sampleApproval()])).rejects.toThrow(/ends with an incomplete line .*precept ledger repair/);
    const repaired = await repairTornTail(file, APPROVALS_LEDGER);
    expect(repaired?.line).toBe(3);
    expect(repaired?.bytes.toString()).toBe('{"approver":"p3","at":"2026');
    expect(await repairTornTail(file, APPROVALS_LEDGER)).toBeUndefined();
    await appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ approver: 'p3' })]);
    const parsed = parseLedger(FILE, await readFile(file), APPROVALS_LEDGER);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.entries.map((e) => e.record.approver)).toEqual(['p1', 'p2', 'p3']);
  });

  it('chains onto a last line longer than its first look at the tail', async () => {
    const { file } = await ledgerOf(30);
    const signature = `-----BEGIN SSH SIGNATURE-----\n${'A'.repeat(8000)}\n-----END SSH SIGNATURE-----\n`;
    await appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ approver: 'long', signature })]);
    await appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ approver: 'next' })]);
    const parsed = parseLedger(FILE, await readFile(file), APPROVALS_LEDGER);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.entries.map((e) => e.record.approver).slice(-2)).toEqual(['long', 'next']);
  });

  it('validates records against the schema before writing anything', async () => {
    const { file } = await ledgerOf(1);
    const before = await readFile(file, 'utf8');
    await expect(appendRecords(file, APPROVALS_LEDGER, [sampleApproval(), sampleApproval({ decision: 'maybe' as 'approved' })])).rejects.toThrow(/not a valid approval record: \/decision/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('validates an own __proto__ key as the key it is', async () => {
    const { file } = await ledgerOf(1);
    const before = await readFile(file, 'utf8');
    const record = Object.assign(JSON.parse('{"__proto__":"x"}') as object, sampleApproval());
    await expect(appendRecords(file, APPROVALS_LEDGER, [record as ReturnType<typeof sampleApproval>])).rejects.toThrow(/not a valid approval record: \(record\) must NOT have additional properties/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('two processes appending at once lose nothing and keep the chain', async () => {
    const dir = await tmp();
    const file = path.join(dir, FILE);
    const writer = path.join(import.meta.dirname, 'helpers', 'ledger-writer.ts');
    const run = (name: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', writer, file, name, '150'], { cwd: import.meta.dirname });
    await Promise.all([run('a'), run('b'), appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ note: 'main:0' })])]);
    const parsed = parseLedger(FILE, await readFile(file), APPROVALS_LEDGER);
    expect(parsed.diagnostics).toEqual([]);
    const notes = parsed.entries.map((e) => e.record.note!);
    expect(notes).toHaveLength(301);
    expect(new Set(notes).size).toBe(301);
    for (const w of ['a', 'b']) {
      const mine = notes.filter((n) => n.startsWith(`${w}:`)).map((n) => Number(n.split(':')[1]));
      expect(mine).toEqual(Array.from({ length: 150 }, (_, i) => i)); // each writer's records in its own order
    }
  });

  it('a writer killed with SIGKILL mid-load loses only what it was never told was written; the next append works even if it died holding the lock', async () => {
    const dir = await tmp();
    const file = path.join(dir, FILE);
    const writer = path.join(import.meta.dirname, 'helpers', 'ledger-writer.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, 'k', '100000'], { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await repairTornTail(file, APPROVALS_LEDGER); // what a restarted server does first; a no-op unless the kernel lost a write
    await appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ note: 'after the crash' })], { timeoutMs: 5000 });
    const parsed = parseLedger(FILE, await readFile(file), APPROVALS_LEDGER);
    expect(parsed.diagnostics).toEqual([]);
    const notes = parsed.entries.map((e) => e.record.note);
    expect(notes.length).toBeGreaterThan(21);
    expect(notes.slice(0, -1)).toEqual(notes.slice(0, -1).map((_, i) => `k:${i}`));
    expect(notes.at(-1)).toBe('after the crash');
    await expect(readFile(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('takes over a lock left by a dead process or a previous life of this one, and waits for a live holder', async () => {
    const { file } = await ledgerOf(1);
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', 'console.log(process.pid)']);
    const dead = Number(stdout.trim());
    await writeFile(`${file}.lock`, JSON.stringify({ pid: dead, host: os.hostname(), token: 'x', since: '2026-01-01T00:00:00Z' }));
    await appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ approver: 'p2' })]);
    await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'before-a-restart', since: '2026-01-01T00:00:00Z' }));
    await appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ approver: 'p3' })]);
    const held = await acquireLock(`${file}.lock`);
    try {
      await expect(appendRecords(file, APPROVALS_LEDGER, [sampleApproval()], { timeoutMs: 100 }))
        .rejects.toThrow(new RegExp(`approvals.jsonl.lock is held by process ${process.pid} on .* gave up after 0 s`));
    } finally {
      await held.release();
    }
    const parsed = parseLedger(FILE, await readFile(file), APPROVALS_LEDGER);
    expect([parsed.diagnostics, parsed.entries.map((e) => e.record.approver)]).toEqual([[], ['p1', 'p2', 'p3']]);
  });
});
