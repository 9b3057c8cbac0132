/**
 * Issue 11, trust boundaries, for the ledgers: a ledger that is a link is never written through
 * (item 5), a last record missing only its newline is kept (item 11), concurrent writers never
 * write a record twice and verification names repeats (item 10), and lock files left by killed
 * processes are cleaned up without touching a live one's (item 16).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { copyFile, link, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acknowledge } from '../src/records/acks/acknowledge.js';
import { importAcknowledgements } from '../src/records/acks/import.js';
import { loadAckModel } from '../src/records/acks/model.js';
import { approve } from '../src/records/approvals/approve.js';
import { appendRecords } from '../src/records/ledger/append.js';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER, APPROVALS_LEDGER } from '../src/records/ledger/registry.js';
import { loadProject } from '../src/repo/load/load-project.js';
import { ackOrg } from './helpers/ack-org.js';
import { runCli } from './helpers/run-cli.js';
import { fakeSite, startServe } from './helpers/serve.js';

const now = new Date('2026-11-25T12:00:00Z');
const LEDGER = 'records/acknowledgements.jsonl';

/** A repo with two acknowledgements on file; returns it and the ledger's text. */
async function twoAcks() {
  const repo = await ackOrg();
  for (const who of ['ada', 'bob']) expect((await runCli(['ack', 'alpha', '--as', who, '--root', repo.dir], { now })).code).toBe(0);
  const file = path.join(repo.dir, LEDGER);
  return { repo, file, text: readFileSync(file, 'utf8') };
}

describe('item 5: a ledger that is a link is never written through', () => {
  const victim = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-victim-'));
    const file = path.join(dir, 'victim.txt');
    writeFileSync(file, 'keep this line\nsecret tail without a newline');
    return file;
  };

  it('ledger repair refuses a symlinked ledger, and a records folder that leads outside, and prints nothing of the target', async () => {
    const { repo } = await twoAcks();
    const target = await victim();
    const file = path.join(repo.dir, LEDGER);
    await rm(file);
    symlinkSync(target, file);
    const repair = await runCli(['ledger', 'repair', '--root', repo.dir]);
    expect(repair.code).toBe(1);
    expect(repair.stderr).toMatch(/records\/acknowledgements\.jsonl is a symbolic link; ledgers are never written through links, so nothing was changed/);
    expect(`${repair.stdout}${repair.stderr}`).not.toContain('secret');
    expect(readFileSync(target, 'utf8')).toBe('keep this line\nsecret tail without a newline');

    const other = await ackOrg();
    const outside = path.dirname(await victim());
    mkdirSync(path.join(outside, 'records'));
    writeFileSync(path.join(outside, 'records', 'approvals.jsonl'), 'a torn line');
    symlinkSync(path.join(outside, 'records'), path.join(other.dir, 'records'));
    const away = await runCli(['ledger', 'repair', '--root', other.dir]);
    expect([away.code, away.stderr]).toEqual([1, expect.stringMatching(/records leads outside the repository \(to .*\); ledgers there are never written, so nothing was changed/)]);
    expect(readFileSync(path.join(outside, 'records', 'approvals.jsonl'), 'utf8')).toBe('a torn line');
  });

  it('serve refuses to start on a symlinked ledger and leaves its target alone', async () => {
    const { repo } = await twoAcks();
    const target = await victim();
    const file = path.join(repo.dir, LEDGER);
    await rm(file);
    symlinkSync(target, file);
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const serve = await runCli(['serve', '--root', repo.dir, '--out', out, '--port', '0'], { now });
    expect(serve.code).toBe(1);
    expect(serve.stderr).toMatch(/is a symbolic link; ledgers are never written through links/);
    expect(serve.stderr).not.toContain('secret');
    expect(readFileSync(target, 'utf8')).toBe('keep this line\nsecret tail without a newline');
  });

  it('appends refuse a ledger that is a hard link to another file', async () => {
    const { repo, file, text } = await twoAcks();
    // Another repository's ledger, say: valid, so only the link itself can stop the append.
    const target = path.join(path.dirname(await victim()), 'acknowledgements.jsonl');
    writeFileSync(target, text);
    await rm(file);
    await link(target, file).catch(async () => {
      // A temporary folder on another filesystem: make both links inside the repository instead.
      await copyFile(target, file);
      await link(file, `${file}.other`);
    });
    const ack = await runCli(['ack', 'beta', '--as', 'ada', '--root', repo.dir], { now });
    expect([ack.code, ack.stderr]).toEqual([1, expect.stringMatching(/acknowledgements\.jsonl is a file with 2 hard links; ledgers are never written through links/)]);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('item 11: a last record that lacks only its newline is kept', () => {
  it('ledger repair adds the newline back, and still removes a line that is not a chained record', async () => {
    const { repo, file, text } = await twoAcks();
    writeFileSync(file, text.slice(0, -1));
    const repair = await runCli(['ledger', 'repair', '--root', repo.dir]);
    expect([repair.code, repair.stderr, repair.stdout.split('\n')[1]]).toEqual([0, 'warning: record 2 of records/acknowledgements.jsonl lacked its final newline; added it\n',
      'records/acknowledgements.jsonl: repaired; 2 records kept']);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect((await runCli(['ledger', 'verify', '--root', repo.dir])).code).toBe(0);

    // The same record after a copy of itself is complete JSON, but not chained: removed.
    const [first, second] = text.split('\n');
    writeFileSync(file, `${first}\n${second}\n${second}`);
    const cut = await runCli(['ledger', 'repair', '--root', repo.dir]);
    expect(cut.stderr).toMatch(/^warning: removed the incomplete line 3 \(\d+ bytes\)/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('serve keeps such a record at start and answers with it', async () => {
    const { repo, file, text } = await twoAcks();
    writeFileSync(file, text.slice(0, -1));
    const out = fakeSite({ 'index.html': '<!doctype html><title>Portal</title>' });
    const serve = await startServe(['--root', repo.dir, '--out', out, '--dev-user', 'bob'], { now });
    try {
      expect(serve.stderr()).toContain('warning: record 2 of records/acknowledgements.jsonl lacked its final newline (an interrupted append); added it\n');
      expect(readFileSync(file, 'utf8')).toBe(text);
      const me = await fetch(new URL('api/me', serve.url)).then((r) => r.json()) as { policies: { policy: string; acknowledged: unknown }[] };
      expect(me.policies.find((p) => p.policy === 'alpha')?.acknowledged).toEqual({ version: '2.0.0', at: '2026-11-25T12:00:00Z' });
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(parseLedger(LEDGER, readFileSync(file), ACKS_LEDGER)).toMatchObject({ lines: 2, diagnostics: [] });
  });
});

describe('item 16: lock files left by a killed process are removed on the next run, a live one\'s never', () => {
  const crash = (lock: string, mode: 'die' | 'hang') => spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'helpers', 'lock-crash.ts'), lock, mode], { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'inherit'] });
  const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp')).sort();

  it('precept ack cleans up after a writer killed mid-lock and leaves a live writer\'s file alone', async () => {
    const { repo, file } = await twoAcks();
    const records = path.dirname(file);
    // Killed with SIGKILL between writing its temporary lock file and linking it into place.
    const dead = crash(`${file}.lock`, 'die');
    await new Promise((resolve) => dead.once('exit', resolve));
    expect(leftovers(records)).toEqual([`acknowledgements.jsonl.lock.${dead.pid}.${leftovers(records)[0]!.split('.')[4]}.tmp`]);
    // Alive at the same point: about to link its file, which must survive.
    const live = crash(`${path.join(records, 'approvals.jsonl')}.lock`, 'hang');
    await new Promise<void>((resolve) => live.stdout.once('data', () => resolve()));
    const liveFile = leftovers(records).find((n) => n.includes(`.${live.pid}.`))!;
    try {
      expect((await runCli(['ack', 'beta', '--as', 'ada', '--root', repo.dir], { now })).code).toBe(0);
      expect((await runCli(['approve', 'beta', '--as', 'ada', '--root', repo.dir], { now })).code).toBe(0);
      expect(leftovers(records)).toEqual([liveFile]);
    } finally {
      const exited = new Promise((resolve) => live.once('exit', resolve));
      live.kill('SIGKILL');
      await exited;
    }
    // Its holder is dead now: the next run removes its file too.
    expect((await runCli(['approve', 'alpha', '--as', 'ada', '--root', repo.dir], { now })).code).toBe(0);
    expect(leftovers(records)).toEqual([]);
  });
});

describe('item 10: concurrent writers never write a record twice, and verify names repeats', () => {
  // Each writer loads the repo and reads the ledger before any of them appends, as five
  // `precept ack` processes started together do; all of them then write at once.
  const writers = async (root: string, n: number) => Promise.all(Array.from({ length: n }, async () => {
    const { project } = await loadProject(root);
    return { project, model: await loadAckModel(project) };
  }));

  it('five concurrent acknowledgements of the same version write one record', async () => {
    const { repo, file } = await twoAcks();
    const ready = await writers(repo.dir, 5);
    const results = await Promise.all(ready.map(({ project, model }) => acknowledge({ project, model, policy: 'beta', person: 'ada', now })));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.line))).toEqual(new Set([3]));
    const parsed = parseLedger(LEDGER, readFileSync(file), ACKS_LEDGER);
    expect([parsed.lines, parsed.diagnostics]).toEqual([3, []]);
  });

  it('five concurrent approvals of the same text write one record', async () => {
    const { repo } = await twoAcks();
    const ready = await writers(repo.dir, 5);
    const results = await Promise.all(ready.map(({ project }) => approve({ project, policy: 'beta', person: 'ada', decision: 'approved', now })));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    const approvals = parseLedger('records/approvals.jsonl', readFileSync(path.join(repo.dir, 'records/approvals.jsonl')), APPROVALS_LEDGER);
    expect([approvals.lines, approvals.diagnostics]).toEqual([1, []]);
  });

  it('two concurrent imports of the same export write its rows once; the other reports them and writes nothing', async () => {
    const { repo, file } = await twoAcks();
    const csv = Buffer.from('email,policy,version,date\neve@fixture.example,alpha,2.0.0,2026-07-02\nada@fixture.example,beta,1.0.0,2026-07-02\n');
    const ready = await writers(repo.dir, 2);
    const run = (model: (typeof ready)[number]['model'], skipRecorded: boolean) => importAcknowledgements({
      model, file: 'lms.csv', name: 'lms.csv', bytes: csv, columns: { person: 'email', policy: 'policy', version: 'version', at: 'date' }, skipRecorded, now,
    });
    const [first, second] = await Promise.all([run(ready[0]!.model, false), run(ready[1]!.model, false)]);
    const outcomes = [first, second].sort((a, b) => a.appended.length - b.appended.length);
    expect(outcomes.map((o) => o.appended.length)).toEqual([0, 2]);
    expect(outcomes[0]!.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual([
      expect.stringMatching(/^2 already recorded: eve acknowledged alpha 2\.0\.0 on 2026-07-02 \(records\/acknowledgements\.jsonl line [34]\), by another writer while this file was checked$/),
      expect.stringMatching(/^3 already recorded: ada acknowledged beta 1\.0\.0 on 2026-07-02 /),
    ]);
    const parsed = parseLedger(LEDGER, readFileSync(file), ACKS_LEDGER);
    expect([parsed.lines, parsed.diagnostics]).toEqual([4, []]);
    // With --skip-recorded, a row another writer records after the model was read is skipped too, the rest written.
    const [{ model }] = (await writers(repo.dir, 1)) as [(typeof ready)[number]];
    const { seq: _seq, prev: _prev, ...eve } = parsed.entries[2]!.record;
    await appendRecords(file, ACKS_LEDGER, [{ ...eve, person: 'bob', at: '2026-07-03T00:00:00Z' }]);
    const more = Buffer.from('email,policy,version,date\neve@fixture.example,alpha,2.0.0,2026-07-02\nbob@fixture.example,alpha,2.0.0,2026-07-03\nFay.Newhire@fixture.example,alpha,2.0.0,2026-08-11\n');
    const skipping = await importAcknowledgements({ model, file: 'more.csv', name: 'more.csv', bytes: more, columns: { person: 'email', policy: 'policy', version: 'version', at: 'date' }, skipRecorded: true, now });
    expect([skipping.diagnostics, skipping.skipped.map((x) => x.line), skipping.appended.map((e) => [e.line, e.record.person])]).toEqual([[], [2, 3], [[6, 'fay']]]);
    expect(parseLedger(LEDGER, readFileSync(file), ACKS_LEDGER).diagnostics).toEqual([]);
  });

  it('ledger verify reports a repeated record (a warning: records are never removed)', async () => {
    const { repo, file, text } = await twoAcks();
    const [, second] = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const { seq: _seq, prev: _prev, ...again } = second!;
    await appendRecords(file, ACKS_LEDGER, [again as never]);
    const verify = await runCli(['ledger', 'verify', '--root', repo.dir]);
    expect(verify.stderr).toContain('records/acknowledgements.jsonl:3:1 warning ledger-integrity line 3 repeats line 2 (bob acknowledged alpha 2.0.0 (cli, 2026-11-25T12:00:00Z)): the same acknowledgement was written twice\n');
    expect(verify.stdout).toContain('records/acknowledgements.jsonl: 1 problem in 3 lines\n');
    // A changed mind is not a repeat; the same decision straight after is.
    const approvals = path.join(repo.dir, 'records/approvals.jsonl');
    const decision = (d: 'approved' | 'rejected') => ({ policy: 'beta', version: '1.0.0', contentHash: `sha256:${'b'.repeat(64)}`, approver: 'ada', decision: d, at: '2026-11-25T12:00:00Z', source: 'cli' });
    await appendRecords(approvals, APPROVALS_LEDGER, [decision('approved'), decision('rejected'), decision('approved'), decision('approved')]);
    const again2 = await runCli(['ledger', 'verify', '--root', repo.dir, '--format', 'json']);
    const found = (JSON.parse(again2.stdout) as { diagnostics: { file: string; line: number; severity: string }[] }).diagnostics.filter((d) => d.file === 'records/approvals.jsonl');
    expect(found.map((d) => [d.line, d.severity])).toEqual([[4, 'warning']]);
  });
});
