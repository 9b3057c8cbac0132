/** Copies of the pack for named recipients, recorded in records/distributions.jsonl. */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliverCopy, newCopyId, readDistributions } from '../src/records/distributions/distributions.js';
import { generateSelfSignedP12 } from '../src/render/sign/keygen.js';
import { createPackRepo } from './helpers/pack-repo.js';
import type { TestRepo } from './helpers/git-repo.js';
import { pageCount, pdfText, runTool } from './helpers/pdf.js';
import { runCli } from './helpers/run-cli.js';

const PERIOD = ['--from', '2026-01-01', '--to', '2026-06-30'];
const env = { PRECEPT_SIGN_PASSPHRASE: 'test-passphrase' };
const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('a copy of the pack for one recipient', () => {
  let repo: TestRepo;
  let p12: string;
  let out: string;
  let copyId: string;
  let copyFile: string;

  beforeAll(async () => {
    repo = await createPackRepo();
    p12 = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-keys-')), 'signer.p12');
    await writeFile(p12, generateSelfSignedP12({ commonName: 'Acme Pack Signer', organization: 'Acme Test Co', passphrase: 'test-passphrase', now: new Date('2026-01-01T00:00:00Z'), days: 3650 }));
    out = await mkdtemp(path.join(os.tmpdir(), 'precept-copies-'));
    const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--prepared-by', 'Pat Preparer', '--sign', p12, '--out', out,
      '--recipient', 'Jane Roe, Example Audit LLP', '--reference', 'NDA-2026-014'], { env, now: new Date('2026-12-04T10:00:00Z') });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const m = /^Copy ([0-9A-Z]{4}-[0-9A-Z]{4}) for Jane Roe, Example Audit LLP under NDA-2026-014, recorded in records\/distributions\.jsonl$/m.exec(run.stdout);
    expect(m, run.stdout).toBeTruthy();
    copyId = m![1]!;
    copyFile = path.join(out, 'pack', 'copies', copyId, `acme-policies-2026-01-01-2026-06-30-${copyId}.pdf`);
  });

  it('carries the recipient and the copy id on every page, on its cover and in its signed metadata', async () => {
    const pages = pageCount(copyFile);
    for (let page = 1; page <= pages; page++) {
      expect(pdfText(copyFile, { first: page, last: page }), `page ${page}`).toContain(`Copy ${copyId} for Jane Roe, Example Audit LLP, under NDA-2026-014: not for further distribution`);
    }
    expect(pdfText(copyFile, { first: 1, last: 1 }).replace(/\s+/g, ' ')).toContain(`Copy ${copyId} for Jane Roe, Example Audit LLP, under NDA-2026-014 Made for this recipient alone and recorded in records/distributions.jsonl`);
    const info = execFileSync('pdfinfo', [copyFile], { encoding: 'utf8' });
    expect(info).toMatch(new RegExp(`Subject: .*copy ${copyId} for Jane Roe, Example Audit LLP`));
    const manifest = JSON.parse(await readFile(path.join(path.dirname(copyFile), 'manifest.json'), 'utf8')) as { distribution: unknown };
    expect(manifest.distribution).toEqual({ copy: copyId, recipient: 'Jane Roe, Example Audit LLP', reference: 'NDA-2026-014' });
    expect(runTool('pdfsig', [copyFile]).output).toContain('Signature is Valid.');
  });

  it('is recorded with its hash, who made it and when; precept distributions lists it', async () => {
    const ledger = (await readFile(path.join(repo.dir, 'records', 'distributions.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      seq: 1, copy: copyId, recipient: 'Jane Roe, Example Audit LLP', reference: 'NDA-2026-014', by: 'Pat Preparer', at: '2026-12-04T10:00:00Z',
      file: path.basename(copyFile), sha256: sha(await readFile(copyFile)), period: { from: '2026-01-01', to: '2026-06-30' },
      commit: repo.git('rev-parse', 'HEAD').trim(), signed: true,
    });
    const table = await runCli(['distributions', '--root', repo.dir]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${copyId}\\s+Jane Roe, Example Audit LLP\\s+NDA-2026-014\\s+2026-01-01\\.\\.2026-06-30\\s+Pat Preparer\\s+2026-12-04 10:00:00\\s+yes`, 'm'));
    expect(table.stdout).toContain('1 copy recorded in records/distributions.jsonl.');
    const json = JSON.parse((await runCli(['distributions', '--root', repo.dir, '--format', 'json'])).stdout) as { copy: string; line: number }[];
    expect(json).toMatchObject([{ copy: copyId, line: 1 }]);
    // In a Japanese repo the table's headings and words come from the ja catalogue, aligned by terminal width.
    const config = path.join(repo.dir, 'precept.config.yaml');
    const english = await readFile(config, 'utf8');
    await writeFile(config, `locale: ja\n${english}`);
    const ja = (await runCli(['distributions', '--root', repo.dir])).stdout.split('\n');
    await writeFile(config, english);
    expect(ja[0]).toMatch(/^写し\s+宛先\s+契約等\s+対象期間\s+作成者\s+日時（UTC）\s+署名\s+sha256$/);
    expect(ja[1]).toMatch(/\s+あり\s+[0-9a-f]{16}…$/);
    expect(stringWidth(ja[0]!.slice(0, ja[0]!.indexOf('宛先')))).toBe(stringWidth(ja[1]!.slice(0, ja[1]!.indexOf('Jane Roe'))));
    expect(ja).toContain('records/distributions.jsonl に記録された写し：1件');
    const verify = await runCli(['ledger', 'verify', '--root', repo.dir]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('distributions.jsonl');
  });

  it('verify prints the recipient and checks the copy against its record', async () => {
    const run = await runCli(['verify', copyFile, '--root', repo.dir]);
    expect(run.stdout).toContain(`ok    copy: ${copyId} for Jane Roe, Example Audit LLP, under NDA-2026-014`);
    expect(run.stdout).toContain(`ok    copy: matches its record in records/distributions.jsonl (line 1): sent by Pat Preparer at 2026-12-04T10:00:00Z`);
    expect(run.code).toBe(0);
    const alone = await runCli(['verify', copyFile]);
    expect(alone.stdout).toContain('warn  copy: give --root (the policy repository) to check it against records/distributions.jsonl');
  });

  it('a second copy needs no commit first, gets its own id, and an unrecorded or mis-recorded copy fails verify', async () => {
    // A name outside what the standard PDF fonts can draw (Latin Extended-A, Japanese) in an English pack:
    // the stamp is printed by Chromium with the embedded fonts (it sees none of the machine's).
    const second = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--prepared-by', 'Pat Preparer', '--out', out, '--recipient', 'Łukasz Żółć, Kraków Audyt sp. z o.o. / 山田監査法人']);
    expect(second.code, second.stderr).toBe(0);
    const otherId = /^Copy (\S+) for/m.exec(second.stdout)![1]!;
    expect(otherId).not.toBe(copyId);
    const otherFile = path.join(out, 'pack', 'copies', otherId, `acme-policies-2026-01-01-2026-06-30-${otherId}.pdf`);
    for (const page of [1, 3, pageCount(otherFile)]) {
      expect(pdfText(otherFile, { first: page, last: page })).toContain(`Copy ${otherId} for Łukasz Żółć, Kraków Audyt sp. z o.o. / 山田監査法人: not for further distribution`);
    }
    // A repository that never recorded the copy: the clone has none of the (uncommitted) records.
    const clone = await mkdtemp(path.join(os.tmpdir(), 'precept-clone-'));
    execFileSync('git', ['clone', '-q', repo.dir, clone]);
    const unrecorded = await runCli(['verify', otherFile, '--root', clone, '--allow-unsigned']);
    expect(unrecorded.code).toBe(1);
    expect(unrecorded.stdout).toContain(`FAIL  copy: ${otherId} is not recorded in records/distributions.jsonl: nobody recorded sending it`);
    // A record whose hash was edited breaks the ledger's chain: verify names the line.
    const ledgerFile = path.join(repo.dir, 'records', 'distributions.jsonl');
    const text = await readFile(ledgerFile, 'utf8');
    await writeFile(ledgerFile, text.replace(/"sha256":"sha256:[0-9a-f]{8}/, '"sha256":"sha256:00000000'));
    const edited = await runCli(['verify', copyFile, '--root', repo.dir]);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/FAIL {2}records\/distributions\.jsonl: line 1: .*edited/);
    // And a damaged ledger refuses the next copy before anything is built.
    const refusedOut = await mkdtemp(path.join(os.tmpdir(), 'precept-refused-'));
    const refused = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--prepared-by', 'Pat Preparer', '--out', refusedOut, '--recipient', 'Someone Else']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('precept pack: records/distributions.jsonl failed verification; run `precept ledger verify` and restore it before recording a copy');
    expect(await readdir(refusedOut)).toEqual([]);
    await writeFile(ledgerFile, text);
  });
});

describe('delivering a copy', () => {
  it('leaves no file when recording fails, and the ledger untouched', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'precept-deliver-'));
    const dir = path.join(root, 'dist', 'copy');
    const ledger = await readDistributions(root, 'records', undefined);
    const record = {
      copy: newCopyId(), recipient: 'R', by: 'B', at: '2026-12-04T10:00:00Z', file: 'x.pdf', sha256: sha(Buffer.from('pdf')), pages: 1,
      period: { from: '2026-01-01', to: '2026-06-30' }, signed: false,
    };
    await expect(deliverCopy({
      dir, file: 'x.pdf', pdf: Buffer.from('pdf'), manifest: '{}', ledger, record,
      append: async () => {
        throw new Error('disk full');
      },
    })).rejects.toThrow('disk full');
    expect(await readdir(dir)).toEqual([]);
    await expect(readdir(path.join(root, 'records'))).rejects.toThrow();
    // The same copy delivered for real: file, manifest and record all there.
    const entry = await deliverCopy({ dir, file: 'x.pdf', pdf: Buffer.from('pdf'), manifest: '{}', ledger, record });
    expect(entry.line).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'x.pdf']);
  });

  it('makes copy ids that read unambiguously', () => {
    expect(newCopyId(() => Buffer.from([0, 0, 0, 0, 0]))).toBe('0000-0000');
    expect(newCopyId(() => Buffer.from([255, 255, 255, 255, 255]))).toBe('ZZZZ-ZZZZ');
    for (let i = 0; i < 200; i++) expect(newCopyId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
