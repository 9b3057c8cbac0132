import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitRepo } from '../src/history/git.js';
import { loadProject } from '../src/repo/load/load-project.js';
import { MarkdownRenderer } from '../src/markdown/render.js';
import { buildPack } from '../src/render/pack/build-pack.js';
import { buildPdfs } from '../src/render/pdf/build-pdfs.js';
import { PdfPrinter } from '../src/render/pdf/printer.js';
import { generateSelfSignedP12 } from '../src/render/sign/keygen.js';
import { loadSigner } from '../src/render/sign/signer.js';
import { Theme } from '../src/render/theme/theme.js';
import { createTsaAuthority, opensslReply, startTsaServer, type TsaAuthority } from './helpers/local-tsa.js';
import { createPackRepo } from './helpers/pack-repo.js';
import { TestRepo } from './helpers/git-repo.js';
import { addSecondSignature, incrementalUpdate, naiveByteRangeCheck, resign, signatureGap, signatureWrappingForgery } from './helpers/pdf-attacks.js';
import { pageCount, pdfText, runTool } from './helpers/pdf.js';
import { runCli } from './helpers/run-cli.js';

const PERIOD = ['--from', '2026-01-01', '--to', '2026-12-31'];
const EPOCH = '1790000000'; // 2026-09-21T14:13:20Z
const PACK = 'acme-policies-2026-01-01-2026-12-31.pdf';

/** The contents page as (title, page) pairs, read from the PDF's text. */
function contents(file: string): { title: string; page: number }[] {
  const text = pdfText(file, { first: 2, last: 2, layout: true });
  return text.split('\n').map((l) => /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(l)).filter((m): m is RegExpExecArray => Boolean(m))
    .map((m) => ({ title: m[1]!, page: Number(m[2]) }));
}

describe('precept pack', () => {
  let repo: TestRepo;
  let p12: string;
  let outA: string;
  let file: string;
  const env = { PRECEPT_SIGN_PASSPHRASE: 'test-passphrase', SOURCE_DATE_EPOCH: EPOCH };

  beforeAll(async () => {
    repo = await createPackRepo();
    const keys = await mkdtemp(path.join(os.tmpdir(), 'precept-keys-'));
    p12 = path.join(keys, 'signer.p12');
    await writeFile(p12, generateSelfSignedP12({ commonName: 'Acme Pack Signer', organization: 'Acme Test Co', passphrase: 'test-passphrase', now: new Date('2026-01-01T00:00:00Z'), days: 3650 }));
    outA = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-a-'));
    const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--sign', p12, '--out', outA], { env });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: \d+ pages, 6 versions of 5 policies in force 2026-01-01 to 2026-12-31, signed by Acme Pack Signer/);
    file = path.join(outA, 'pack', PACK);
  });

  it('has a cover with the organisation, period, commit, generation date and signer', () => {
    const cover = pdfText(file, { first: 1, last: 1 });
    const head = repo.git('rev-parse', 'HEAD').trim();
    for (const expected of ['ACME TEST CO', 'Policies in force', 'Audit period 1 Jan 2026 to 31 Dec 2026', head, '2026-09-21 14:13 UTC', 'Acme Pack Signer, Acme Test Co', '(self-signed)']) {
      expect(cover).toContain(expected);
    }
    expect(cover).toContain(`${pageCount(file)} pages`);
  });

  it('lists every version in force during the period in the register, and no draft, future or later version', () => {
    const toc = contents(file);
    const at = toc.find((e) => e.title === 'Policy register')!.page;
    const register = pdfText(file, { first: at, last: toc.find((e) => e.title === 'Coverage matrix')!.page - 1, layout: true });
    // Noto Sans (the embedded font) is wider than the Liberation Sans this was first printed in: the title may wrap.
    expect(register).toMatch(/Alpha(?: Policy)?\s+1\.0\.0\s+2025-02-01/);
    expect(register).toMatch(/Alpha(?: Policy)?\s+2\.0\.0\s+2026-04-01/);
    expect(register).toMatch(/to 2026-04-01/);
    expect(register).toMatch(/Delta Policy\s+1\.0\.0\s+2025-01-10/);
    expect(register).toMatch(/retired/);
    expect(register).toMatch(/removed/);
    expect(register).toMatch(/Zeta Policy\s+1\.0\.0/);
    expect(register).toContain('6 versions');
    for (const absent of ['Gamma Policy', 'Epsilon Policy', '1.1.0']) expect(register).not.toContain(absent);
    const all = pdfText(file);
    for (const absent of ['GAMMA-DRAFT-TEXT', 'EPSILON-FUTURE-TEXT', 'ZETA-DRAFT-TEXT']) expect(all).not.toContain(absent);
  });

  it('gives page numbers in its contents and bookmarks where each section really starts', () => {
    const toc = contents(file);
    const pages = pageCount(file);
    expect(toc.map((e) => e.title)).toEqual([
      'Policy register', 'Coverage matrix', 'Approval log', 'Acknowledgement summary', 'Exceptions', 'Policies in force',
      'Alpha Policy v1.0.0 (in force 2025-02-01 until superseded on 2026-04-01)', 'Alpha Policy v2.0.0 (in force from 2026-04-01)',
      'Beta Policy v1.0.0 (in force from 2026-02-01)', 'Delta Policy v1.0.0 (in force 2025-01-10 until retired on 2026-06-30)',
      'Eta Policy v1.0.0 (in force 2025-01-10 until removed on 2026-03-01)', 'Zeta Policy v1.0.0 (in force from 2026-01-10)', 'Manifest',
    ]);
    for (const entry of toc) {
      const page = pdfText(file, { first: entry.page, last: entry.page, layout: true });
      expect(page, entry.title).toContain(`auditor pack 2026-01-01 to 2026-12-31 - page ${entry.page} of ${pages}`);
      const policy = /^(\w+ Policy) v([\d.]+) \(/.exec(entry.title);
      if (policy) {
        expect(page, entry.title).toContain(`${policy[1]} · v${policy[2]}`);
        expect(page, entry.title).toMatch(/Page 1 of \d+/);
      } else if (entry.title !== 'Policies in force') {
        expect(page.split('\n').map((l) => l.trim())).toContain(entry.title);
      }
    }
    // Each version's own text is on its own pages.
    const alphaOne = toc.find((e) => e.title.startsWith('Alpha Policy v1.0.0'))!.page;
    expect(pdfText(file, { first: alphaOne, last: alphaOne })).toContain('ALPHA-ONE-TEXT');
    const alphaTwo = toc.find((e) => e.title.startsWith('Alpha Policy v2.0.0'))!.page;
    expect(pdfText(file, { first: alphaTwo, last: alphaTwo })).toContain('ALPHA-TWO-TEXT');
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8' })) as {
      outlines: { title: string; destpageposfrom1: number; kids: { title: string; destpageposfrom1: number }[] }[];
    };
    const flat = json.outlines.flatMap((o) => [o, ...o.kids]).map((o) => ({ title: o.title, page: o.destpageposfrom1 }));
    expect(flat.slice(0, 2)).toEqual([{ title: 'Cover', page: 1 }, { title: 'Contents', page: 2 }]);
    expect(flat.slice(2)).toEqual(toc);
  });

  it('shows the coverage matrix with its gaps, and the approval log and acknowledgements from the ledgers', () => {
    const text = pdfText(file, { layout: true });
    expect(text).toMatch(/Mini Framework: 3 of 4 criteria addressed/);
    expect(text).toMatch(/M-1 First requirement\s+Alpha Policy v1\.0\.0/);
    expect(text).toMatch(/M-2 Second requirement\s+Alpha Policy v2\.0\.0/);
    expect(text).toMatch(/M-3 Third requirement\s+none\s+CTL-01/);
    expect(text).toMatch(/Gaps\s+M-4 Fourth requirement/);
    expect(text).toMatch(/2026-09-10 09:00 UTC\s+Alpha( Policy)?\s+2\.0\.0\s+Ada Owner\s+approved\s+yes\s+cli/);
    expect(text).toContain('(records/approvals.jsonl:1)');
    // Approvals recorded on 2026-09-10: alpha 1.0.0 never had them, beta took effect before them.
    expect(text).toMatch(/Alpha Policy\s+1\.0\.0\s+in force without the approval of Ada Owner/);
    expect(text).toMatch(/Beta Policy\s+1\.0\.0\s+took effect on 2026-02-01, before its last required approval on 2026-09-10/);
    // alpha 2.0.0: ada on time, bob late, cy never; an acknowledgement counts for its MAJOR series.
    expect(text).toMatch(/Alpha Policy\s+2\.0\.0\s+3\s+2\s+1\s+1\s+0\s+67%/);
    expect(text).toMatch(/Beta Policy\s+1\.0\.0\s+3\s+1\s+0\s+2\s+0\s+33%/);
    expect(text).toMatch(/Eta Policy\s+1\.0\.0\s+no records for this version/);
    expect(text).toMatch(/Alpha Policy\s+2\.0\.0\s+1 of 3 required people have not acknowledged it: Cy Reader/);
  });

  it('lists the reviews that were overdue during the period', () => {
    const text = pdfText(file, { layout: true });
    expect(text).toMatch(/Alpha Policy\s+1\.0\.0\s+review was due 2026-02-01; overdue from 2026-02-02 until 2026-02-19 \(18 days\)/);
    expect(text).toMatch(/Beta Policy\s+1\.0\.0\s+review was due 2026-05-01; overdue from 2026-05-02 to the end of the period \(244 days\)/);
    expect(text).toMatch(/Delta Policy\s+1\.0\.0\s+review was due 2026-01-10; overdue from 2026-01-11 until 2026-06-29 \(170 days\)/);
    expect(text).toMatch(/Eta Policy\s+1\.0\.0\s+review was due 2026-01-10; overdue from 2026-01-11 until 2026-02-28 \(49 days\)/);
    expect(text).not.toMatch(/Zeta Policy\s+1\.0\.0\s+review was due/);
  });

  it('writes a manifest whose hashes sha256sum reproduces, and prints it in the appendix', async () => {
    const manifest = JSON.parse(await readFile(path.join(outA, 'pack', 'manifest.json'), 'utf8')) as {
      commit: string; sources: { path: string; sha256: string }[]; versions: { policy: string; version: string; commit: string; file: string; sha256: string }[];
      pack: { file: string; sha256: string; signed: boolean };
    };
    expect(manifest.commit).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(manifest.sources.map((s) => s.path)).toEqual(['controls/base.yaml', 'frameworks/mini.yaml', 'people.yaml', 'policies/alpha.md', 'policies/beta.md',
      'policies/delta.md', 'policies/epsilon.md', 'policies/gamma.md', 'policies/zeta.md', 'precept.config.yaml', 'records/acknowledgements.jsonl', 'records/approvals.jsonl']);
    for (const s of manifest.sources) {
      const sum = execFileSync('sha256sum', [path.join(repo.dir, s.path)], { encoding: 'utf8' }).split(' ')[0];
      expect(s.sha256).toBe(`sha256:${sum}`);
    }
    const alphaOne = manifest.versions.find((v) => v.policy === 'alpha' && v.version === '1.0.0')!;
    const text = repo.git('show', `${alphaOne.commit}:${alphaOne.file}`);
    expect(alphaOne.sha256).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    expect(manifest.pack).toMatchObject({ file: PACK, signed: true, sha256: `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}` });
    const appendix = pdfText(file, { first: contents(file).find((e) => e.title === 'Manifest')!.page });
    expect(appendix).toContain(manifest.commit);
    expect(appendix).toContain(alphaOne.sha256);
  });

  it('carries a signature pdfsig validates, and qpdf accepts the file', () => {
    const sig = runTool('pdfsig', [file]);
    expect(sig.output).toContain('Signature is Valid.');
    expect(sig.output).toContain('Acme Pack Signer');
    expect(sig.output).toContain('SHA-256');
    expect(sig.output).toContain('Total document signed');
    const check = runTool('qpdf', ['--check', file]);
    expect(check.code).toBe(0);
    expect(check.output).toContain('No syntax or stream encoding errors found');
  });

  it('is byte-identical when built again from the same commit with the same SOURCE_DATE_EPOCH', async () => {
    const outB = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-b-'));
    const cold = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-cold-cache-'));
    const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--sign', p12, '--out', outB, '--cache-dir', cold], { env });
    expect(run.code).toBe(0);
    expect((await readFile(path.join(outB, 'pack', PACK))).equals(await readFile(file))).toBe(true);
    expect(await readFile(path.join(outB, 'pack', 'manifest.json'), 'utf8')).toBe(await readFile(path.join(outA, 'pack', 'manifest.json'), 'utf8'));
  });

  it('is the same pack, byte for byte, when `precept build --pack` makes it with the site and PDFs', async () => {
    const outC = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-c-'));
    const run = await runCli(['build', '--root', repo.dir, '--out', outC, '--pack', '2026-01-01..2026-12-31', '--sign', p12], { env });
    expect(run.stderr).not.toMatch(/ error /);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Built 6 policies, \d+ pages, 6 PDFs, a signed \d+-page pack in /);
    expect(run.stdout).toContain('  pack: ');
    expect((await readFile(path.join(outC, 'pack', PACK))).equals(await readFile(file))).toBe(true);
    expect(await readdir(path.join(outC, 'pdf'))).toHaveLength(6);
    const bad = await runCli(['build', '--root', repo.dir, '--out', outC, '--sign', p12], { env });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--sign signs the auditor pack: add --pack FROM..TO')]);
  });

  describe('with a timestamp authority (--tsa)', () => {
    let tsa: TsaAuthority;
    const servers: { url: string; close: () => Promise<void> }[] = [];
    beforeAll(async () => {
      tsa = await createTsaAuthority();
      servers.push(await startTsaServer(async (query) => ({ status: 200, body: await opensslReply(tsa, query) })));
      servers.push(await startTsaServer(async () => 'never'));
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });
    const verifiedTimestamp = /^ok {4}timestamp: trusted time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z \(RFC 3161\) from the timestamp authority O=Precept Tests, CN=Precept Test TSA \(self-signed: check who it is before trusting it\); certificate sha256:[0-9a-f]{64}$/m;

    it('timestamps the signature; verify shows the trusted time and its authority, and that the signing time is only claimed', async () => {
      const out = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-tsa-'));
      const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--sign', p12, '--tsa', servers[0]!.url, '--out', out], { env });
      expect(run.stderr).not.toMatch(/error/);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/signed by Acme Pack Signer, timestamped, in /);
      const pdf = path.join(out, 'pack', PACK);
      const sig = runTool('pdfsig', [pdf]).output;
      expect(sig).toContain('Signature is Valid.');
      expect(sig).toContain('Total document signed');
      const verify = await runCli(['verify', pdf, '--root', repo.dir]);
      expect(verify.stdout).toMatch(verifiedTimestamp);
      expect(verify.stdout).toContain('note  signing time: 2026-09-21T14:13:20.000Z is what the signer\'s own clock claims, not a trusted time\n');
      expect(verify.stdout).toContain('Verified acme-policies-2026-01-01-2026-12-31.pdf: everything matches.');
      expect(verify.code).toBe(0);
    });

    it('writes no pack when the authority does not answer in time; --tsa needs --sign', async () => {
      const out = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-tsa-silent-'));
      const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--sign', p12, '--tsa', servers[1]!.url, '--tsa-timeout', '0.5', '--out', out], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`precept pack: cannot timestamp the signature: the timestamp authority ${servers[1]!.url} did not answer within 0.5 s`);
      expect(await readdir(out)).toEqual([]);
      for (const [args, message] of [
        [['--tsa', servers[0]!.url], '--tsa timestamps the signature: add --sign FILE'],
        [['--sign', p12, '--tsa', 'ftp://tsa.example/'], '--tsa must be an http:// or https:// URL, got "ftp://tsa.example/"'],
        [['--sign', p12, '--tsa', 'https://user:s3cret@tsa.example/'], '--tsa must not carry a user name or password in the URL'],
        [['--sign', p12, '--tsa-timeout', '5'], '--tsa-timeout needs --tsa URL'],
      ] as const) {
        const refused = await runCli(['pack', '--root', repo.dir, ...PERIOD, ...args, '--out', out], { env });
        expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining(message)]);
        expect(refused.stderr).not.toContain('s3cret');
      }
    });

    it('`precept build --pack --sign --tsa` timestamps the pack too', async () => {
      const out = await mkdtemp(path.join(os.tmpdir(), 'precept-build-tsa-'));
      const run = await runCli(['build', '--root', repo.dir, '--out', out, '--pack', '2026-01-01..2026-12-31', '--sign', p12, '--tsa', servers[0]!.url, '--no-pdf'], { env });
      expect(run.code).toBe(0);
      const verify = await runCli(['verify', path.join(out, 'pack', PACK)]);
      expect(verify.stdout).toMatch(verifiedTimestamp);
      expect(verify.code).toBe(0);
    });
  });

  describe('precept verify', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'precept-verify-'));
    });
    const copy = async (name: string) => {
      const target = path.join(dir, name);
      await cp(path.join(outA, 'pack'), target, { recursive: true });
      return { pdf: path.join(target, PACK), manifest: path.join(target, 'manifest.json') };
    };

    it('accepts the pack as written, with its repository', async () => {
      const run = await runCli(['verify', file, '--root', repo.dir]);
      expect(run.stdout).toMatch(/^ok {4}signature: valid, covers the whole file; signed by CN=Acme Pack Signer/m);
      expect(run.stdout).toMatch(/^ok {4}signer: the signing certificate is the one the pack's manifest records \(sha256:[0-9a-f]{64}\)$/m);
      expect(run.stdout).toContain('note  signing time: 2026-09-21T14:13:20.000Z is what the signer\'s own clock claims, not a trusted time (the pack has no timestamp from a timestamp authority)');
      expect(run.stdout).toMatch(/^ok {4}acme-policies-2026-01-01-2026-12-31\.pdf: SHA-256 matches manifest\.json/m);
      expect(run.stdout).toMatch(/^ok {4}manifest\.json: matches the manifest embedded in the pack \(12 source files, 6 versions\)/m);
      expect(run.stdout).toMatch(/^ok {4}repository: 12 source files and 6 policy versions match at [0-9a-f]{12}/m);
      expect(run.code).toBe(0);
    });

    it('fails a pack changed after signing and says what does not match', async () => {
      const { pdf } = await copy('tampered');
      const bytes = await readFile(pdf);
      const at = bytes.indexOf('Acme Test Co', 4000);
      bytes.write('Acme Fake Co', at, 'latin1');
      await writeFile(pdf, bytes);
      const run = await runCli(['verify', pdf]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('FAIL  signature: the document does not match its signature: its content changed after signing');
      expect(run.stdout).toMatch(/FAIL {2}acme-policies-2026-01-01-2026-12-31\.pdf: SHA-256 is sha256:[0-9a-f]{64}, manifest\.json says sha256:/);
      expect(pdfText(file)).not.toContain('Acme Fake Co');
    });

    it('fails a pack with bytes appended after signing (an incremental update)', async () => {
      const { pdf } = await copy('appended');
      await appendFile(pdf, '\n1 0 obj\n<< /Title (changed) >>\nendobj\n');
      const run = await runCli(['verify', pdf]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('FAIL  signature: 39 bytes were added after the signed part of the file (an incremental update): the file was changed after it was signed');
      // A real incremental update (new document information, xref section chained by /Prev): pdfsig says it too.
      const info = (await readFile(file)).toString('latin1').match(/\/Info (\d+) 0 R/)![1]!;
      const { pdf: updated } = await copy('incremental');
      await writeFile(updated, incrementalUpdate(await readFile(file), new Map([[Number(info), '<< /Title (Changed after signing) >>']])));
      expect(runTool('pdfinfo', [updated]).output).toContain('Changed after signing');
      expect(runTool('pdfsig', [updated]).output).toContain('Not total document signed');
      const again = await runCli(['verify', updated]);
      expect(again.code).toBe(1);
      expect(again.stdout).toMatch(/^FAIL {2}signature: \d+ bytes were added after the signed part of the file \(an incremental update\): the file was changed after it was signed$/m);
      expect(again.stdout).not.toContain('ok    signature');
    });

    it('fails the signature-wrapping forgery (a forged page and xref in an enlarged gap) that the old byte search took for valid', async () => {
      const { pdf } = await copy('forged');
      const forged = signatureWrappingForgery(await readFile(file));
      await writeFile(pdf, forged);
      expect(pdfText(pdf, { first: 1, last: 1 })).toContain('FORGED PAGE');
      expect(naiveByteRangeCheck(forged)).toEqual({ valid: true, coversFile: true });
      // poppler still calls the signature valid; only "Not total document signed" gives the forgery away.
      const sig = runTool('pdfsig', [pdf]).output;
      expect(sig).toContain('Signature is Valid.');
      expect(sig).toContain('Not total document signed');
      const run = await runCli(['verify', pdf]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAIL {2}signature: the bytes the signature leaves out \(\d+ to \d+\) are not its \/Contents string \(\d+ to \d+\): something else sits in the unsigned gap$/m);
      expect(run.stdout).toMatch(/^FAIL {2}signature: the unsigned gap holds a byte that is not part of a hex string \(0x3e at byte \d+\)/m);
      expect(run.stdout).toMatch(/^FAIL {2}signature: the cross-reference section at byte \d+, through which the file is read, is not covered by the signature$/m);
      expect(run.stdout).not.toContain('ok    signature');
    });

    it('fails a pack with a second signature, and one with non-hex bytes in the unsigned gap', async () => {
      const signer = await loadSigner(p12, 'test-passphrase', 'PRECEPT_SIGN_PASSPHRASE');
      const { pdf: twice } = await copy('twice');
      await writeFile(twice, await addSecondSignature(await readFile(file), signer.key));
      const run = await runCli(['verify', twice]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('FAIL  signature: the PDF has 2 signatures (Signature1, Signature2); a pack has exactly one, over the whole file');
      const { pdf: nonHex } = await copy('non-hex');
      const bytes = await readFile(file);
      const { c } = signatureGap(bytes);
      bytes.write('Z', c - 2, 'latin1');
      await writeFile(nonHex, bytes);
      expect(naiveByteRangeCheck(bytes).valid).toBe(true);
      const gap = await runCli(['verify', nonHex]);
      expect(gap.code).toBe(1);
      expect(gap.stdout).toContain(`FAIL  signature: the unsigned gap holds a byte that is not part of a hex string (0x5a at byte ${c - 2}): only the signature's hex digits may be unsigned`);
    });

    it('fails a signed pack whose signature field was taken out, even with --allow-unsigned', async () => {
      const { pdf } = await copy('stripped');
      const bytes = await readFile(file);
      const at = bytes.indexOf('/FT /Sig');
      bytes.write('/FT /Btn', at, 'latin1');
      await writeFile(pdf, bytes);
      expect(runTool('pdfsig', [pdf]).output).toMatch(/does not contain any signatures/);
      const run = await runCli(['verify', pdf, '--allow-unsigned']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAIL {2}signature: the pack carries no signature, but its manifest records one by CN=Acme Pack Signer, O=Acme Test Co \(sha256:[0-9a-f]{64}\): the signature was removed$/m);
    });

    it('fails a pack signed again with a look-alike certificate, and pins the signer with --expect-signer', async () => {
      const original = await loadSigner(p12, 'test-passphrase', 'PRECEPT_SIGN_PASSPHRASE');
      const fingerprint = original.certificate.fingerprint;
      const keys = await mkdtemp(path.join(os.tmpdir(), 'precept-lookalike-'));
      await writeFile(path.join(keys, 'x.p12'), generateSelfSignedP12({ commonName: 'Acme Pack Signer', organization: 'Acme Test Co', passphrase: 'x', now: new Date('2026-01-01T00:00:00Z'), days: 3650 }));
      const lookalike = await loadSigner(path.join(keys, 'x.p12'), 'x', 'X');
      expect(lookalike.certificate.subject).toBe(original.certificate.subject);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-resigned-'));
      const resigned = path.join(dir, PACK);
      await writeFile(resigned, await resign(await readFile(file), lookalike.key, new Date('2026-09-21T14:13:20Z')));
      expect(naiveByteRangeCheck(await readFile(resigned)).valid).toBe(true);
      expect(runTool('pdfsig', [resigned]).output).toContain('Signature is Valid.');
      const run = await runCli(['verify', resigned]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^ok {4}signature: valid, covers the whole file; signed by CN=Acme Pack Signer, O=Acme Test Co/m);
      expect(run.stdout).toContain(`FAIL  signer: the pack is signed with certificate ${lookalike.certificate.fingerprint} (CN=Acme Pack Signer, O=Acme Test Co), but its manifest records ${fingerprint} (CN=Acme Pack Signer, O=Acme Test Co): it was signed again by someone else`);

      const hex = fingerprint.slice('sha256:'.length);
      const colons = hex.toUpperCase().match(/../g)!.join(':');
      const pinned = await runCli(['verify', file, '--expect-signer', colons]);
      expect(pinned.stdout).toContain(`ok    signer: the signing certificate is the one the pack's manifest records (${fingerprint})`);
      expect(pinned.stdout).toContain(`ok    signer: the signing certificate is the expected one (--expect-signer ${fingerprint})`);
      expect(pinned.code).toBe(0);
      const wrong = await runCli(['verify', resigned, '--expect-signer', hex]);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain(`FAIL  signer: the pack is signed with certificate ${lookalike.certificate.fingerprint} (CN=Acme Pack Signer, O=Acme Test Co), not the expected ${fingerprint} (--expect-signer)`);
      const other = await runCli(['verify', file, '--expect-signer', lookalike.certificate.fingerprint]);
      expect(other.code).toBe(1);
      expect(other.stdout).toContain(`not the expected ${lookalike.certificate.fingerprint} (--expect-signer)`);
      const malformed = await runCli(['verify', file, '--expect-signer', 'abc']);
      expect([malformed.code, malformed.stderr]).toEqual([2, expect.stringContaining('--expect-signer must be a SHA-256 fingerprint (64 hex digits, colons optional), got "abc"')]);
    });

    it('names the entry of a manifest.json that was edited', async () => {
      const { pdf, manifest } = await copy('manifest');
      const json = await readFile(manifest, 'utf8');
      const parsed = JSON.parse(json) as { sources: { path: string; sha256: string }[] };
      const beta = parsed.sources.find((s) => s.path === 'policies/beta.md')!;
      await writeFile(manifest, json.replace(beta.sha256, `sha256:${'0'.repeat(64)}`));
      const run = await runCli(['verify', pdf]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('FAIL  policies/beta.md: manifest.json says 0000000000000000..., the pack says');
      expect(run.stdout).toContain('ok    signature: valid');
    });

    it('fails when the repository does not have the pack\'s commit', async () => {
      const other = await TestRepo.create('precept-other-');
      await other.write({ 'precept.config.yaml': 'organization:\n  name: Other Co\n' });
      other.commit('Another repository', '2026-01-01T00:00:00Z');
      const run = await runCli(['verify', file, '--root', other.dir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/FAIL {2}commit: [0-9a-f]{40} is not in the repository at/);
    });
  });

  it('refuses to pack uncommitted policy changes unless told to', async () => {
    const clone = await mkdtemp(path.join(os.tmpdir(), 'precept-dirty-'));
    execFileSync('git', ['clone', '-q', repo.dir, clone]);
    await appendFile(path.join(clone, 'policies', 'beta.md'), '\nUncommitted line.\n');
    const run = await runCli(['pack', '--root', clone, ...PERIOD]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('precept pack: uncommitted changes in policies: the pack is of a commit, so commit them first (or pass --allow-dirty)');
  });

  it('refuses a wrong passphrase without showing it', async () => {
    const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, '--sign', p12], { env: { PRECEPT_SIGN_PASSPHRASE: 'not-the-passphrase' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('wrong passphrase (precept reads it from the environment variable PRECEPT_SIGN_PASSPHRASE)');
    expect(run.stderr).not.toContain('not-the-passphrase');
  });

  describe('from the library, with ledger records, unsigned, and without git', () => {
    let printer: PdfPrinter;
    let theme: Theme;
    beforeAll(async () => {
      printer = PdfPrinter.create({ env: process.env, runningAsRoot: process.getuid?.() === 0, cacheDir: await mkdtemp(path.join(os.tmpdir(), 'precept-pack-cache-')) });
      theme = await Theme.load(undefined);
    });
    afterAll(async () => {
      await printer?.close();
    });

    it('reuses the per-policy PDFs of `precept build` for versions that are still current', async () => {
      const project = (await loadProject(repo.dir)).project;
      const markdown = new MarkdownRenderer();
      await buildPdfs({ project, printer, theme, markdown, outDir: await mkdtemp(path.join(os.tmpdir(), 'precept-pack-pdfs-')), buildTime: new Date(0) });
      const before = { ...printer.stats };
      await buildPack({
        project, git: await GitRepo.open(repo.dir), period: { from: '2026-01-01', to: '2026-12-31' }, theme, markdown, printer,
        buildTime: new Date(0), signingTime: new Date(0), fileName: 'x.pdf', records: {},
      });
      // alpha 2.0.0 and beta 1.0.0 are today's files; zeta's and delta's files have moved on (a draft, a retirement).
      expect(printer.stats.cached - before.cached).toBe(2);
      expect(printer.stats.printed - before.printed).toBe(6 + 4 + 2);
    });

    it('prints the approval log and acknowledgements, and finds what is missing; unsigned packs say so', async () => {
      const project = (await loadProject(repo.dir)).project;
      const git = await GitRepo.open(repo.dir);
      const pack = await buildPack({
        project, git, period: { from: '2026-01-01', to: '2026-12-31' }, theme, markdown: new MarkdownRenderer(), printer,
        buildTime: new Date('2026-12-31T00:00:00Z'), signingTime: new Date('2026-12-31T00:00:00Z'), fileName: 'x.pdf',
        records: {
          approvals: [
            { policy: 'alpha', version: '2.0.0', approver: 'ada', decision: 'approved', time: '2026-03-10T09:00:00Z', source: 'pull request #7' },
            { policy: 'beta', version: '1.0.0', approver: 'ada', decision: 'approved', time: '2026-01-20T09:00:00Z', contentHash: 'sha256:0000' },
            { policy: 'beta', version: '1.0.0', approver: 'bob', decision: 'approved', time: '2026-01-21T09:00:00Z' },
            { policy: 'zeta', version: '1.0.0', approver: 'ada', decision: 'approved', time: '2026-01-02T09:00:00Z' },
            { policy: 'zeta', version: '1.0.0', approver: 'bob', decision: 'approved', time: '2026-01-12T09:00:00Z' },
          ],
          acknowledgements: [{ policy: 'alpha', version: '2.0.0', required: 3, acknowledged: 2, missing: ['cy'] }],
        },
      });
      const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-pack-lib-')), 'x.pdf');
      await writeFile(out, pack.pdf);
      const text = pdfText(out, { layout: true });
      expect(text).toContain('Unsigned: this pack carries no digital signature');
      expect(text).toMatch(/2026-03-10 09:00 UTC\s+Alpha Policy\s+2\.0\.0\s+Ada Owner\s+approved\s+not recorded\s+pull request #7/);
      expect(text).toMatch(/Alpha Policy\s+2\.0\.0\s+in force without the approval of Bob Approver/);
      expect(text).toMatch(/Beta Policy\s+1\.0\.0\s+in force without the approval of Ada Owner/);
      expect(text).toMatch(/Beta Policy\s+1\.0\.0\s+the approval by Ada Owner \(2026-01-20\) is for different content/);
      expect(text).toMatch(/Zeta Policy\s+1\.0\.0\s+took effect on 2026-01-10, before its last required approval on 2026-01-12/);
      expect(text).toMatch(/Alpha Policy\s+2\.0\.0\s+3\s+2\s+0\s+1\s+0\s+67%/);
      expect(text).toMatch(/Alpha Policy\s+2\.0\.0\s+1 of 3 required people have not acknowledged it: Cy Reader/);
      expect(text).toMatch(/Beta Policy\s+1\.0\.0\s+no records for this version/);
      expect(runTool('pdfsig', [out]).output).toMatch(/does not contain any signatures/);

      await writeFile(path.join(path.dirname(out), 'manifest.json'), JSON.stringify(pack.manifest));
      const strict = await runCli(['verify', out]);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toContain('FAIL  signature: the pack is not signed');
      const lenient = await runCli(['verify', out, '--allow-unsigned']);
      expect(lenient.stdout).toContain('warn  signature: the pack is not signed');
      expect(lenient.code).toBe(0);
    });

    it('without git, includes only the current approved versions and says so', async () => {
      const copy = await mkdtemp(path.join(os.tmpdir(), 'precept-nogit-'));
      await cp(repo.dir, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
      const project = (await loadProject(copy)).project;
      const pack = await buildPack({
        project, git: undefined, period: { from: '2026-01-01', to: '2026-12-31' }, theme, markdown: new MarkdownRenderer(), printer,
        buildTime: new Date('2026-12-31T00:00:00Z'), signingTime: new Date('2026-12-31T00:00:00Z'), fileName: 'x.pdf', records: {},
      });
      expect(pack.versions.map((v) => `${v.id}@${v.version}`)).toEqual(['alpha@2.0.0', 'beta@1.0.0']);
      expect(pack.manifest.history).toBe('working-tree');
      const out = path.join(copy, 'x.pdf');
      await writeFile(out, pack.pdf);
      expect(pdfText(out, { first: 1, last: 1 })).toContain('No git history was available');
    });
  });
});
