/**
 * Approvals with proof: `precept approve --sign-with` signs with the approver's SSH key through
 * the real ssh-keygen, `check` verifies every signed record against the roster's keys, and a
 * forged record fails at its line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalMessage, approvalProof } from '../src/records/approvals/signature.js';
import { appendRecords } from '../src/records/ledger/append.js';
import { APPROVALS_LEDGER } from '../src/records/ledger/registry.js';
import { openRepo } from '../src/history/repo.js';
import type { ApprovalRecord } from '../src/repo/schema/types.generated.js';
import type { TestRepo } from './helpers/git-repo.js';
import { flat, inOrder } from './helpers/pack-text.js';
import { pdfText } from './helpers/pdf.js';
import { runCli } from './helpers/run-cli.js';
import { tinyOrg } from './helpers/tiny-org.js';

const now = new Date('2026-11-25T12:00:00Z');
const cli = (root: string, ...argv: string[]) => runCli([...argv, '--root', root], { now });
const keyDir = mkdtempSync(path.join(os.tmpdir(), 'precept-keys-'));
const keys: Record<string, { file: string; pub: string }> = {};
const ledgerFile = (repo: TestRepo) => path.join(repo.dir, 'records', 'approvals.jsonl');
const ledger = async (repo: TestRepo): Promise<ApprovalRecord[]> => (await readFile(ledgerFile(repo), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as ApprovalRecord);

beforeAll(() => {
  for (const [name, type] of [['ada', 'ed25519'], ['bob', 'ecdsa'], ['eve', 'ed25519']] as const) {
    const file = path.join(keyDir, name);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `${name}@laptop`, '-f', file]);
    keys[name] = { file, pub: readFileSync(`${file}.pub`, 'utf8').trim() };
  }
});

/** The tiny org with ada's and bob's public keys on the roster, committed. */
async function orgWithKeys(): Promise<TestRepo> {
  const repo = await tinyOrg();
  const people = readFileSync(path.join(repo.dir, 'people.yaml'), 'utf8')
    .replace('    github: ada-o\n', `    github: ada-o\n    sshKeys:\n      - ${keys['ada']!.pub}\n`)
    .replace('    github: bobapprover\n', `    github: bobapprover\n    sshKeys: ["${keys['bob']!.pub}"]\n`);
  await repo.write({ 'people.yaml': people });
  repo.commit('approvers register their SSH keys', '2026-11-20T10:00:00Z');
  return repo;
}

describe('precept approve --sign-with', () => {
  it('stores an SSH signature that check and ssh-keygen -Y verify both accept', async () => {
    const repo = await orgWithKeys();
    const run = await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['ada']!.file);
    expect(run.code, run.stderr).toBe(0);
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${keys['ada']!.file}.pub`]).toString().split(' ')[1]!;
    expect(run.stdout).toMatch(new RegExp(`^Recorded: ada approved alpha 1\\.0\\.0 \\(content sha256:[0-9a-f]{12}…\\), signed with ${fingerprint.replace(/[+/]/g, '\\$&')}, line 1 of records/approvals\\.jsonl\\.`));
    const [record] = await ledger(repo);
    expect(record!.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----$/);

    // An auditor can check it with OpenSSH alone: the message is the record without seq, prev, signature.
    writeFileSync(path.join(keyDir, 'allowed'), `ada ${keys['ada']!.pub}\n`);
    writeFileSync(path.join(keyDir, 'rec.sig'), record!.signature!);
    const verified = execFileSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(keyDir, 'allowed'), '-I', 'ada', '-n', 'precept-approval', '-s', path.join(keyDir, 'rec.sig')], { input: approvalMessage(record!) }).toString();
    expect(verified).toContain('Good "precept-approval" signature for ada');

    // bob signs with an ECDSA key; the text has every approval, and check is clean.
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'bob', '--sign-with', keys['bob']!.file)).code).toBe(0);
    for (const person of ['ada', 'bob']) expect((await cli(repo.dir, 'approve', 'beta', '--as', person)).code).toBe(0);
    const checked = await cli(repo.dir, 'check');
    expect([checked.code, checked.stderr]).toEqual([0, '']);

    const { project } = await openRepo(repo.dir);
    const proofs = (await ledger(repo)).map((r) => approvalProof(r, project.roster));
    expect(proofs.map((p) => p.method)).toEqual(['ssh-signature', 'ssh-signature', 'unsigned', 'unsigned']);
    expect(proofs[0]).toEqual({ method: 'ssh-signature', verified: true, fingerprint, keyType: 'ssh-ed25519' });
    expect(proofs[1]).toMatchObject({ verified: true, keyType: 'ecdsa-sha2-nistp256' });
  });

  it('refuses a key that is not the approver\'s and writes nothing', async () => {
    const repo = await orgWithKeys();
    let run = await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['eve']!.file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^precept approve: .*\/eve cannot sign for ada: signed by key SHA256:\S+, which is not listed in their sshKeys in people\.yaml; nothing was recorded\n$/);
    run = await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', path.join(keyDir, 'missing-key'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^precept approve: ssh-keygen could not sign with .*missing-key: /);
    const eve = await cli(repo.dir, 'approve', 'alpha', '--as', 'eve', '--sign-with', keys['eve']!.file);
    expect(eve.stderr).toContain('eve is not an approver of alpha');
    await expect(readFile(ledgerFile(repo), 'utf8')).rejects.toThrow(/ENOENT/);

    const noKeys = await tinyOrg();
    run = await cli(noKeys.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['ada']!.file);
    expect([run.code, run.stderr]).toEqual([1, 'precept approve: ada has no sshKeys in people.yaml: add their public key (the .pub file, or ssh-keygen -y -f KEY) and commit it, then sign\n']);
  });

  it('an unsigned approval on file is recorded again once it comes signed, and only then', async () => {
    const repo = await orgWithKeys();
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada')).code).toBe(0);
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['ada']!.file)).stdout).toContain('Recorded: ada approved alpha');
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['ada']!.file)).stdout).toContain('Already recorded');
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada')).stdout).toContain('Already recorded');
    expect((await ledger(repo)).map((r) => r.signature !== undefined)).toEqual([false, true]);
  });
});

describe('check verifies signed approvals', () => {
  it('fails a forged signed approval at its line: another key, or another record\'s signature', async () => {
    const repo = await orgWithKeys();
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['ada']!.file)).code).toBe(0);
    const [genuine] = await ledger(repo);
    // eve signs a record saying bob approved, with her own key.
    const forged = { ...genuine!, approver: 'bob', at: '2026-11-25T12:05:00Z' };
    const { seq: _s, prev: _p, signature: _g, ...fields } = forged;
    const sigByEve = execFileSync('ssh-keygen', ['-Y', 'sign', '-n', 'precept-approval', '-f', keys['eve']!.file], { input: approvalMessage(fields), stdio: ['pipe', 'pipe', 'ignore'] }).toString().trim();
    // ada's genuine signature copied onto an approval of beta she never signed.
    const { seq: _s2, prev: _p2, ...copiedFields } = { ...genuine!, policy: 'beta' };
    await appendRecords(ledgerFile(repo), APPROVALS_LEDGER, [{ ...fields, signature: sigByEve }, copiedFields]);
    const run = await cli(repo.dir, 'check');
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((l) => l.includes('approval-signature'));
    expect(lines).toEqual([
      expect.stringMatching(/^records\/approvals\.jsonl:2:\d+ error approval-signature the signature on bob's approval of alpha 1\.0\.0 does not verify: signed by key SHA256:\S+, which is not listed$/),
      expect.stringMatching(/^records\/approvals\.jsonl:3:\d+ error approval-signature the signature on ada's approval of beta 1\.0\.0 does not verify: the signature by SHA256:\S+ does not match the content$/),
    ]);
    // Line 1, the genuine one, is not reported.
    expect(run.stderr).not.toMatch(/approvals\.jsonl:1:\d+ error approval-signature/);
  });

  it('approvals.unsigned: error refuses unsigned CLI approvals of current texts, at their lines', async () => {
    const repo = await orgWithKeys();
    for (const policy of ['alpha', 'beta']) expect((await cli(repo.dir, 'approve', policy, '--as', 'ada', '--sign-with', keys['ada']!.file)).code).toBe(0);
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'bob')).code).toBe(0);
    expect((await cli(repo.dir, 'approve', 'beta', '--as', 'bob')).code).toBe(0);
    await repo.write({ 'precept.config.yaml': `${readFileSync(path.join(repo.dir, 'precept.config.yaml'), 'utf8')}approvals:\n  unsigned: error\n` });
    let run = await cli(repo.dir, 'check');
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.includes('approval-signature'))).toEqual([
      expect.stringMatching(/^records\/approvals\.jsonl:3:\d+ error approval-signature bob's approval of alpha 1\.0\.0 was recorded with precept approve without a signature \(approvals\.unsigned: error\)$/),
      expect.stringMatching(/^records\/approvals\.jsonl:4:\d+ error approval-signature bob's approval of beta/),
    ]);
    expect(run.stderr).toContain('hint: have bob record it again, signed: precept approve alpha --as bob --sign-with ~/.ssh/id_ed25519');
    for (const policy of ['alpha', 'beta']) expect((await cli(repo.dir, 'approve', policy, '--as', 'bob', '--sign-with', keys['bob']!.file)).code).toBe(0);
    run = await cli(repo.dir, 'check');
    expect([run.code, run.stderr]).toEqual([0, '']);
  });

  it('in a pull request, the base\'s keys are the ones that count, and a change to them is reported', async () => {
    const repo = await orgWithKeys();
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['ada']!.file)).code).toBe(0);
    repo.commit('ada signs alpha', '2026-11-25T12:10:00Z');
    repo.git('checkout', '-q', '-b', 'swap-keys');
    // The pull request swaps ada's key for eve's.
    await repo.write({ 'people.yaml': readFileSync(path.join(repo.dir, 'people.yaml'), 'utf8').replace(keys['ada']!.pub, keys['eve']!.pub) });
    repo.commit('ada has a new laptop', '2026-11-25T12:20:00Z');
    const pr = await cli(repo.dir, 'check', '--base', 'main');
    expect(pr.stderr).not.toContain('approval-signature');
    expect(pr.stderr).toMatch(/people\.yaml:\d+:\d+ warning trust-change ada's sshKeys change in this pull request: signed approvals are verified with the keys the base \(main \([0-9a-f]{7}\)\) lists until it merges/);
    // Merged as it is, ada's signed approval no longer verifies: check says so at its line.
    const merged = await cli(repo.dir, 'check');
    expect(merged.stderr).toMatch(/records\/approvals\.jsonl:1:\d+ error approval-signature the signature on ada's approval of alpha 1\.0\.0 does not verify: signed by key SHA256:\S+, which is not listed/);
  });

  it('reports a public key in the wrong format at its line in people.yaml', async () => {
    const repo = await tinyOrg();
    const people = readFileSync(path.join(repo.dir, 'people.yaml'), 'utf8')
      .replace('    github: ada-o\n', `    github: ada-o\n    sshKeys:\n      - ${keys['ada']!.pub}\n      - SHA256:Ue7kZ3oYb9Xr0wqL5q1a2b3c4d5e6f7g8h9i0j1k2l3\n`);
    await repo.write({ 'people.yaml': people });
    const run = await cli(repo.dir, 'check');
    expect(run.code).toBe(1);
    const line = people.split('\n').findIndex((l) => l.includes('SHA256:Ue7')) + 1;
    expect(run.stderr).toContain(`people.yaml:${line}:9 error ssh-key ada's SSH key 2: expected "<type> <base64 key> [comment]", as in a .pub file`);
  });
});

describe('the auditor pack', () => {
  it('says in its approval log how each approval was proven: a verified SSH signature with its key, or none', async () => {
    const repo = await orgWithKeys();
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'ada', '--sign-with', keys['ada']!.file)).code).toBe(0);
    expect((await cli(repo.dir, 'approve', 'alpha', '--as', 'bob')).code).toBe(0);
    repo.commit('approvals', '2026-11-21T10:00:00Z');
    const run = await cli(repo.dir, 'pack', '--from', '2026-11-01', '--to', '2026-11-24');
    expect(run.code, run.stderr).toBe(0);
    const file = /Wrote (\S+\.pdf)/.exec(run.stdout)![1]!;
    const text = flat(pdfText(path.isAbsolute(file) ? file : path.join(repo.dir, file)));
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${keys['ada']!.file}.pub`]).toString().split(' ')[1]!;
    // (cells wrap, so a neighbouring cell's words may fall between a cell's lines)
    expect(inOrder(text, "precept approve (command line); signed with the approver's", 'SSH key', fingerprint, '(verified)')).toBe(true);
    expect(inOrder(text, 'precept approve (command line); not signed')).toBe(true);
  });
});
