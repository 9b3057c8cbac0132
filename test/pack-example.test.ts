/**
 * The bundled example organisation's packs: its history begins on 2026-11-25, after the periods,
 * and its policies took effect through 2026. Packs of closed periods must build and verify.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSignedP12 } from '../src/render/sign/keygen.js';
import { TestRepo } from './helpers/git-repo.js';
import { EXAMPLE_ROOT } from './helpers/paths.js';
import { pageCount, pdfText, runTool } from './helpers/pdf.js';
import { runCli } from './helpers/run-cli.js';
import { flat, inOrder, section } from './helpers/pack-text.js';

const env = { PRECEPT_SIGN_PASSPHRASE: 'example-passphrase' };
describe('packs of the bundled example organisation', () => {
  let repo: TestRepo;
  let p12: string;
  let out: string;

  beforeAll(async () => {
    repo = await TestRepo.create('precept-example-');
    for (const entry of ['precept.config.yaml', 'people.yaml', 'policies', 'controls', 'records']) {
      await cp(path.join(EXAMPLE_ROOT, entry), path.join(repo.dir, entry), { recursive: true, filter: (src) => !src.endsWith('distributions.jsonl') });
    }
    repo.commit('The Kestrel Data policy programme, moved into git', '2026-11-25T12:00:00Z');
    p12 = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-keys-')), 'signer.p12');
    await writeFile(p12, generateSelfSignedP12({ commonName: 'Kestrel Compliance', organization: 'Kestrel Data, Inc.', passphrase: env.PRECEPT_SIGN_PASSPHRASE, now: new Date('2026-01-01T00:00:00Z'), days: 3650 }));
    out = await mkdtemp(path.join(os.tmpdir(), 'precept-example-packs-'));
  });

  for (const [from, to, inForce] of [['2026-01-01', '2026-03-31', 6], ['2026-01-01', '2026-09-30', 13]] as const) {
    it(`${from} to ${to}: builds, verifies, names the policies not in force from the period's start, and lists people`, async () => {
      const run = await runCli(['pack', '--root', repo.dir, '--from', from, '--to', to, '--sign', p12, '--prepared-by', 'Divya Patel <divya.patel@kestreldata.example>', '--out', out], { env });
      expect(run.stderr).not.toMatch(/error|warning: .*:\d+:\d+/);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${inForce} versions of ${inForce} policies in force ${from} to ${to}, signed by Kestrel Compliance`);
      const file = path.join(out, 'pack', `kestrel-policies-${from}-${to}.pdf`);
      const cover = flat(pdfText(file, { first: 1, last: 1 }));
      expect(cover).toContain('The repository\'s history begins on 25 Nov 2026, after the period');
      // Not one policy was in force on 1 January: each is named with the day its first version took effect.
      const exceptions = flat(section(file, 'Exceptions'));
      expect(inOrder(exceptions, 'Access Control Policy - 1 Jan 2026 – 31 Jan 2026', 'no approved version in force yet: version 2.1.1 is', 'in force from 1 Feb 2026')).toBe(true);
      expect(inOrder(exceptions, 'Code of Conduct - 1 Jan 2026 – 18 Jan 2026', 'no approved version in force yet: version 2.1.0 is', 'in force from 19 Jan 2026')).toBe(true);
      expect(inOrder(exceptions, 'Vulnerability Management Policy', '1 Jan 2026 – end of period', 'no approved version in force yet: version 2.2.0 is', 'in force from 10 Nov 2026')).toBe(true);
      expect(flat(section(file, 'Coverage matrix'))).toContain('SOC 2 Trust Services Criteria: 0 of');
      // Acknowledgements by person, in the appendix and in the attached CSV.
      const evidence = flat(section(file, 'Appendix A: Acknowledgement evidence'));
      expect(evidence).toMatch(/Maya Chen maya\.chen@kestreldata\.example|Maya Chen Code of Conduct/);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-example-detach-'));
      execFileSync('pdfdetach', ['-saveall', '-o', dir, file]);
      const csv = (await readFile(path.join(dir, 'acknowledgements.csv'), 'utf8')).split('\r\n').filter(Boolean);
      expect(csv.length).toBeGreaterThan(30);
      expect(csv.some((row) => row.startsWith('code-of-conduct,Code of Conduct,2.1.0,2026-01-19,2.1.0,hkowalski,Hanna Kowalski,'))).toBe(true);
      expect(runTool('pdfsig', [file]).output).toContain('Signature is Valid.');
      const verify = await runCli(['verify', file, '--root', repo.dir]);
      expect(verify.stdout).toContain('Verified');
      expect(verify.code).toBe(0);
    });
  }

  it('a distributed copy shows its recipient on every page and matches its ledger record', async () => {
    const run = await runCli(['pack', '--root', repo.dir, '--from', '2026-01-01', '--to', '2026-09-30', '--sign', p12, '--prepared-by', 'Divya Patel',
      '--out', out, '--recipient', 'Jane Roe, Example Audit LLP', '--reference', 'NDA-2026-014'], { env });
    expect(run.code, run.stderr).toBe(0);
    const copy = /^Copy (\S+) for/m.exec(run.stdout)![1]!;
    const file = path.join(out, 'pack', 'copies', copy, `kestrel-policies-2026-01-01-2026-09-30-${copy}.pdf`);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
    expect(text).toHaveLength(pageCount(file));
    for (const page of text) expect(page).toContain(`Copy ${copy} for Jane Roe, Example Audit LLP, under NDA-2026-014`);
    const verify = await runCli(['verify', file, '--root', repo.dir]);
    expect(verify.stdout).toContain(`ok    copy: matches its record in records/distributions.jsonl (line 1)`);
    expect(verify.code).toBe(0);
  });
});
