import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
import { BIN } from './helpers/paths.js';
import { contents, flat, inOrder, section } from './helpers/pack-text.js';

const PERIOD = ['--from', '2026-01-01', '--to', '2026-12-31'];
const EPOCH = '1790000000'; // 2026-09-21T14:13:20Z
const PACK = 'acme-policies-2026-01-01-2026-12-31.pdf';
const PREPARER = ['--prepared-by', 'Pat Preparer <pat@acme.example>'];

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
    const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, ...PREPARER, '--sign', p12, '--out', outA], { env });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: \d+ pages, 6 versions of 5 policies in force 2026-01-01 to 2026-12-31, signed by Acme Pack Signer/);
    // The period is not over at the source commit: the command and the cover say so.
    expect(run.stderr).toContain('precept pack: note: The source commit was made on 11 Sept 2026, before the period\'s end (31 Dec 2026)');
    file = path.join(outA, 'pack', PACK);
  });

  it('has a cover naming who prepared it, the source commit and its time, the state at the period\'s end, and the signing time as what they are', () => {
    const cover = flat(pdfText(file, { first: 1, last: 1 }));
    const head = repo.git('rev-parse', 'HEAD').trim();
    for (const expected of [
      'ACME TEST CO', 'Policies in force', 'Audit period 1 Jan 2026 to 31 Dec 2026', 'Prepared by Pat Preparer <pat@acme.example>',
      `Source commit ${head} committed 11 Sept 2026, 10:00:00 UTC (the time of the commit, not of this pack)`,
      'Made 21 Sept 2026, 14:13:20 UTC the time of signing (fixed by SOURCE_DATE_EPOCH',
      'The last commit made by 31 Dec 2026 (committed 11 Sept 2026)', 'Acme Pack Signer, Acme Test Co', '(self-signed)',
    ]) {
      expect(cover).toContain(expected);
    }
    expect(cover).toContain(`${pageCount(file)} pages`);
  });

  it('lists every version in force during the period in the register, and no draft, future or later version', () => {
    const register = flat(section(file, 'Policy register'));
    expect(inOrder(register, 'Alpha', '1.0.0 1 Feb 2025', 'to 1 Apr 2026', 'superseded')).toBe(true);
    // The approval date comes from the records the approval log prints; git's is labelled as git's.
    expect(inOrder(register, 'Alpha', '2.0.0 1 Apr 2026 10 Sept 2026', 'still in force by all 2 approvers', 'marked approved in git 15 Mar 2026')).toBe(true);
    expect(inOrder(register, 'Delta', '1.0.0 10 Jan 2025', 'to 30 Jun 2026', 'retired')).toBe(true);
    expect(inOrder(register, 'Eta', '1.0.0 10 Jan 2025', 'to 1 Mar 2026', 'removed')).toBe(true);
    expect(register).toContain('5 policies, 6 versions');
    for (const absent of ['Gamma Policy', 'Epsilon Policy', '1.1.0']) expect(register).not.toContain(absent);
    const all = pdfText(file);
    for (const absent of ['GAMMA-DRAFT-TEXT', 'EPSILON-FUTURE-TEXT', 'ZETA-DRAFT-TEXT']) expect(all).not.toContain(absent);
  });

  it('gives page numbers in its contents and bookmarks where each section really starts', () => {
    const toc = contents(file);
    const pages = pageCount(file);
    expect(toc.map((e) => e.title)).toEqual([
      'Policy register', 'Exceptions', 'Coverage matrix', 'Approval log', 'Acknowledgement summary', 'Policies in force',
      'Alpha Policy v1.0.0 (in force 1 Feb 2025 until superseded on 1 Apr 2026)', 'Alpha Policy v2.0.0 (in force from 1 Apr 2026)',
      'Beta Policy v1.0.0 (in force from 1 Feb 2026)', 'Delta Policy v1.0.0 (in force 10 Jan 2025 until retired on 30 Jun 2026)',
      'Eta Policy v1.0.0 (in force 10 Jan 2025 until removed on 1 Mar 2026)', 'Zeta Policy v1.0.0 (in force from 10 Jan 2026)',
      'Appendix A: Acknowledgement evidence', 'Appendix B: Staff during the period', 'Appendix C: Controls', 'Appendix D: Manifest',
    ]);
    for (const entry of toc) {
      const page = pdfText(file, { first: entry.page, last: entry.page, layout: true });
      expect(page, entry.title).toMatch(new RegExp(`Acme Test Co auditor pack 2026-01-01 to 2026-12-31 +${entry.page} / ${pages}\\n`));
      const policy = /^(\w+ Policy) v([\d.]+) \(/.exec(entry.title);
      if (policy) {
        expect(page, entry.title).toContain(`${policy[1]} · v${policy[2]}`);
        expect(page, entry.title).toMatch(/Page 1 of \d+/);
      } else if (entry.title !== 'Policies in force') {
        expect(page.split('\n').map((l) => l.trim())).toContain(entry.title);
      }
    }
    // Each version's pages are counted on their own, its running header on every one (drawn by the pack when versions print together).
    toc.forEach((entry, i) => {
      const policy = /^(\w+ Policy) v([\d.]+) \(/.exec(entry.title);
      if (!policy) return;
      const count = toc[i + 1]!.page - entry.page;
      for (let k = 1; k <= count; k++) {
        const page = pdfText(file, { first: entry.page + k - 1, last: entry.page + k - 1, layout: true });
        expect(page, `${entry.title} page ${k}`).toMatch(new RegExp(`Page ${k} of ${count}\\b`));
        expect(page, `${entry.title} page ${k}`).toContain(`${policy[1]} · v${policy[2]}`);
        expect(page, `${entry.title} page ${k}`).toContain(`Version ${policy[2]}`);
      }
    });
    const alphaOne = toc.find((e) => e.title.startsWith('Alpha Policy v1.0.0'))!.page;
    expect(pdfText(file, { first: alphaOne, last: alphaOne })).toContain('ALPHA-ONE-TEXT');
    const alphaTwo = toc.find((e) => e.title.startsWith('Alpha Policy v2.0.0'))!.page;
    expect(pdfText(file, { first: alphaTwo, last: alphaTwo })).toContain('ALPHA-TWO-TEXT');
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8' })) as {
      outlines: { title: string; destpageposfrom1: number; kids: { title: string; destpageposfrom1: number }[] }[];
    };
    const bookmarks = json.outlines.flatMap((o) => [o, ...o.kids]).map((o) => ({ title: o.title, page: o.destpageposfrom1 }));
    expect(bookmarks.slice(0, 2)).toEqual([{ title: 'Cover', page: 1 }, { title: 'Contents', page: 2 }]);
    expect(bookmarks.slice(2)).toEqual(toc);
  });

  it('names, day by day, the policies without an approved version in force and why', () => {
    const text = flat(section(file, 'Exceptions'));
    // A cell's wrapped lines come out between its neighbours' (where depends on the font): the finding, then its row's day count.
    expect(inOrder(text, 'Beta Policy - 1 Jan 2026 – 31 Jan 2026 no approved version in force yet: version 1.0.0 is in force from 1 Feb 2026')).toBe(true);
    expect(inOrder(text, 'Beta Policy - 1 Jan 2026 – 31 Jan 2026', '31 days')).toBe(true);
    expect(inOrder(text, 'Zeta Policy - 1 Jan 2026 – 9 Jan 2026', 'no approved version in force yet', '9 days')).toBe(true);
    expect(inOrder(text, 'Delta Policy - 30 Jun 2026 – end of period', 'retired on 30 Jun 2026', '185 days')).toBe(true);
    expect(inOrder(text, 'Eta Policy - 1 Mar 2026 – end of period', 'removed from the repository on 1 Mar 2026', '306 days')).toBe(true);
    expect(inOrder(text, 'Gamma', '- 1 Jan 2026 – end of period', 'no version was ever approved (latest status: draft)', '365 days')).toBe(true);
    expect(inOrder(text, 'Epsilon', '- 1 Jan 2026 – end of period no approved version in force yet: version 1.0.0 is in force from 1 Jan 2027')).toBe(true);
    expect(inOrder(text, 'Epsilon', '- 1 Jan 2026 – end of period', '365 days')).toBe(true);
  });

  it('names the days each version was in force without every approval, from the approval records', () => {
    const text = flat(section(file, 'Exceptions'));
    // Approvals were recorded on 2026-09-10 for the texts at HEAD only.
    expect(inOrder(text, 'Alpha', '2.0.0 1 Apr 2026 – 9 Sept 2026', 'in force without the approval of Ada Owner (approved 10 Sept 2026)', '162 days', 'and Bob Approver (approved 10 Sept 2026)')).toBe(true);
    expect(inOrder(text, 'Alpha', '1.0.0 1 Jan 2026 – 31 Mar 2026', 'in force without the approval of Ada Owner (no approval on record)', '90 days', 'and Bob Approver (no approval on record)')).toBe(true);
    expect(inOrder(text, 'Zeta', '1.0.0 10 Jan 2026 – end of period', 'in force without the approval of', '356 days')).toBe(true);
  });

  it('lists the reviews that were overdue during the period, from when to when', () => {
    const text = flat(section(file, 'Exceptions'));
    expect(text).toContain('Alpha Policy 1.0.0 2 Feb 2026 – 19 Feb 2026 review was due 1 Feb 2026 18 days');
    expect(text).toContain('Beta Policy 1.0.0 2 May 2026 – end of period review was due 1 May 2026 244 days');
    expect(text).toContain('Delta Policy 1.0.0 11 Jan 2026 – 29 Jun 2026 review was due 10 Jan 2026 170 days');
    expect(text).toContain('Eta Policy 1.0.0 11 Jan 2026 – 28 Feb 2026 review was due 10 Jan 2026 49 days');
    expect(text).not.toMatch(/Zeta Policy 1\.0\.0 [^A-Z]* review was due/);
  });

  it('shows coverage in days, the approval log with where each decision came from, and acknowledgements per series', () => {
    const coverage = flat(section(file, 'Coverage matrix'));
    expect(coverage).toContain('Mini Framework: 0 of 4 criteria addressed by a policy on every day');
    expect(inOrder(coverage, 'M-1 First requirement 90 of 365 days', 'Alpha Policy v1.0.0 (1 Jan 2026 – 31 Mar 2026)', 'none 1 Apr 2026 – 31 Dec 2026')).toBe(true);
    expect(inOrder(coverage, 'M-2 Second requirement 275 of 365 days', 'Alpha Policy v2.0.0 (1 Apr 2026 – 31 Dec 2026)', 'none 1 Jan 2026 – 31 Mar 2026')).toBe(true);
    expect(coverage).toContain('M-3 Third requirement controls only none CTL-01');
    expect(coverage).toContain('M-4 Fourth requirement not addressed');
    const log = flat(section(file, 'Approval log'));
    expect(inOrder(log, '10 Sept 2026 09:00', 'Alpha', '2.0.0', 'Ada Owner', 'approved', 'the text in this', 'precept approve (command', 'records/approvals.jsonl, line 1')).toBe(true);
    const acks = flat(section(file, 'Acknowledgement summary'));
    expect(inOrder(acks, 'Alpha', '2.0.0 3 1 1 1 0 0 66%', 'from 1 Apr 2026')).toBe(true);
    expect(inOrder(acks, 'Beta', '1.0.0 3 1 0 2 0 0 33%', 'from 1 Feb 2026')).toBe(true);
    const exceptions = flat(section(file, 'Exceptions'));
    expect(inOrder(exceptions, 'Alpha', '2.0.0 2 May 2026 – end of period', '2 of 3 people did not acknowledge version 2.0.0 by their deadline;', '244 days', 'late: Bob Approver; missing: Cy Reader')).toBe(true);
  });

  it('lists every acknowledgement requirement by person, and attaches the same rows as CSV inside the signed bytes', async () => {
    const appendix = flat(section(file, 'Appendix A: Acknowledgement evidence'));
    expect(appendix).toContain('18 rows');
    expect(appendix).toContain('Ada Owner Alpha Policy from 1 Apr 2026 5 Apr 2026 09:00 command line on time ada@acme.example series 2.0.0, from 1 Apr 2026 by 1 May 2026 version 2.0.0 records/acknowledgements.jsonl:1');
    expect(appendix).toContain('Bob Approver Alpha Policy from 1 Apr 2026 1 Jun 2026 09:00 command line late (31 days)');
    expect(appendix).toContain('Cy Reader Alpha Policy from 1 Apr 2026 not by 31 Dec 2026 - missing');
    const listed = runTool('pdfdetach', ['-list', file]).output;
    expect(listed).toContain('3 embedded files');
    expect(listed).toMatch(/1: acknowledgements\.csv\n2: manifest\.json\n3: staff\.csv/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-detach-'));
    execFileSync('pdfdetach', ['-saveall', '-o', dir, file]);
    const csv = (await readFile(path.join(dir, 'acknowledgements.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe('policy,policy_title,series,series_from,version,person,name,email,required_from,deadline,acknowledged_at,acknowledged_version,source,source_detail,outcome,days_late,judged_on');
    expect(csv).toContain('alpha,Alpha Policy,2.0.0,2026-04-01,2.0.0,bob,Bob Approver,bob@acme.example,2026-04-01,2026-05-01,2026-06-01T09:00:00Z,2.0.0,cli,records/acknowledgements.jsonl:2,late,31,2026-12-31');
    expect(csv).toContain('alpha,Alpha Policy,2.0.0,2026-04-01,2.0.0,cy,Cy Reader,cy@acme.example,2026-04-01,2026-05-01,,,,,missing,244,2026-12-31');
    expect(csv.filter(Boolean)).toHaveLength(19);
    // The CSV's hash is in the manifest, which the signature covers.
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { attachments: { file: string; sha256: string; rows: number }[] };
    const sum = createHash('sha256').update(await readFile(path.join(dir, 'acknowledgements.csv'))).digest('hex');
    expect(manifest.attachments).toContainEqual({ file: 'acknowledgements.csv', sha256: `sha256:${sum}`, rows: 18 });
    const staff = flat(section(file, 'Appendix B: Staff during the period'));
    expect(staff).toContain('3 people, of whom 0 joined and 0 left during the period');
    expect(staff).toContain('Cy Reader all-staff 1 Jan 2020 - cy · cy@acme.example');
  });

  it('describes each control with its owner, criteria, evidence and frequency', () => {
    const controls = flat(section(file, 'Appendix C: Controls'));
    expect(controls).toContain('CTL-01 First control Owner Ada Owner Criteria Mini: M-3 Evidence A report (quarterly) Named by no policy in force');
  });

  it('writes a manifest whose hashes sha256sum reproduces, and prints it in the appendix', async () => {
    const manifest = JSON.parse(await readFile(path.join(outA, 'pack', 'manifest.json'), 'utf8')) as {
      commit: string; preparedBy: string; made: string; state: { commit: string; historyBegins: string | null };
      sources: { path: string; sha256: string }[]; versions: { policy: string; version: string; commit: string; file: string; sha256: string }[];
      pack: { file: string; sha256: string; signed: boolean };
    };
    expect(manifest.commit).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(manifest).toMatchObject({ preparedBy: 'Pat Preparer <pat@acme.example>', made: '2026-09-21T14:13:20.000Z', state: { commit: manifest.commit, historyBegins: null } });
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
    const appendix = section(file, 'Appendix D: Manifest');
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
    const run = await runCli(['pack', '--root', repo.dir, ...PERIOD, ...PREPARER, '--sign', p12, '--out', outB, '--cache-dir', cold], { env });
    expect(run.code).toBe(0);
    expect((await readFile(path.join(outB, 'pack', PACK))).equals(await readFile(file))).toBe(true);
    expect(await readFile(path.join(outB, 'pack', 'manifest.json'), 'utf8')).toBe(await readFile(path.join(outA, 'pack', 'manifest.json'), 'utf8'));
  });

  it('is the same pack, byte for byte, when `precept build --pack` makes it with the site and PDFs, reading git history once', async () => {
    const outC = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-c-'));
    // The site, the PDFs and the pack share one reading of the policies' history (`git log --raw` over the policies folder).
    const git = vi.spyOn(GitRepo.prototype, 'run');
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-c-cache-'));
    const run = await runCli(['build', '--root', repo.dir, '--out', outC, '--cache-dir', cacheDir, '--pack', '2026-01-01..2026-12-31', ...PREPARER, '--sign', p12], { env });
    const historyReads = git.mock.calls.filter(([args]) => args[0] === 'log' && args.includes('--raw')).length;
    git.mockRestore();
    expect(historyReads).toBe(1);
    expect(run.stderr).not.toMatch(/ error /);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Built 6 policies, \d+ pages, 6 PDFs, a signed \d+-page pack in /);
    expect((await readFile(path.join(outC, 'pack', PACK))).equals(await readFile(file))).toBe(true);
    expect(await readdir(path.join(outC, 'pdf'))).toHaveLength(6);
    const bad = await runCli(['build', '--root', repo.dir, '--out', outC, '--sign', p12], { env });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--sign signs the auditor pack: add --pack FROM..TO')]);
  });

  it('is the same pack from `precept build --pack` when the policies\' own PDFs are in the cache already (as when the PDF stage prints them first)', async () => {
    // In one build the PDF stage and the pack run together: had the pack taken a current version's
    // own PDF whenever the PDF stage got there first, its bytes would depend on timing.
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-d-cache-'));
    const first = await runCli(['build', '--root', repo.dir, '--out', await mkdtemp(path.join(os.tmpdir(), 'precept-pack-d-')), '--cache-dir', cacheDir], { env });
    expect(first.code).toBe(0);
    const outD = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-d-'));
    const run = await runCli(['build', '--root', repo.dir, '--out', outD, '--cache-dir', cacheDir, '--pack', '2026-01-01..2026-12-31', ...PREPARER, '--sign', p12], { env });
    expect(run.code).toBe(0);
    expect((await readFile(path.join(outD, 'pack', PACK))).equals(await readFile(file))).toBe(true);
  });

  it('packs an earlier period although later reviews, approvals and edits would fail check as of its end', async () => {
    // A review recorded in March: as of 2026-01-31 its date is in the future, so check as of the
    // period's end fails, and pack used to refuse on that.
    const clone = await mkdtemp(path.join(os.tmpdir(), 'precept-later-'));
    execFileSync('git', ['clone', '-q', repo.dir, clone]);
    const later = TestRepo.at(clone);
    const alpha = await readFile(path.join(clone, 'policies', 'alpha.md'), 'utf8');
    await writeFile(path.join(clone, 'policies', 'alpha.md'), alpha.replace('  cycle: annual\n', '  cycle: annual\n  last: 2026-09-20\n'));
    later.commit('Alpha: review recorded', '2026-09-20T10:00:00Z');
    const check = await runCli(['check', '--root', clone, '--as-of', '2026-01-31']);
    expect(check.stderr).toContain('review.last 2026-09-20 is in the future');
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-pack-jan-'));
    const run = await runCli(['pack', '--root', clone, '--from', '2026-01-01', '--to', '2026-01-31', ...PREPARER, '--out', out]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const pdf = path.join(out, 'pack', 'acme-policies-2026-01-01-2026-01-31.pdf');
    const cover = flat(pdfText(pdf, { first: 1, last: 1 }));
    const january = later.git('log', '-1', '--format=%H', '--before=2026-01-31T23:59:59Z').trim();
    expect(cover).toContain(`State at the period's end ${january} The last commit made by 31 Jan 2026 (committed 5 Jan 2026)`);
    // The text as committed by then: alpha without the review recorded in February.
    const register = flat(section(pdf, 'Policy register'));
    expect(inOrder(register, 'Alpha', '1.0.0 1 Feb 2025', 'to 1 Apr 2026', 'superseded')).toBe(true);
    expect(register).not.toContain('last 20 Feb 2026');
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

  it('writes a Japanese pack for a repository whose locale is ja: its strings come from messages/ja/pack.yaml', async () => {
    const clone = await mkdtemp(path.join(os.tmpdir(), 'precept-ja-'));
    execFileSync('git', ['clone', '-q', repo.dir, clone]);
    const ja = TestRepo.at(clone);
    await appendFile(path.join(clone, 'precept.config.yaml'), 'locale: ja\n');
    ja.commit('日本語で', '2026-09-12T10:00:00Z');
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-ja-out-'));
    const run = await runCli(['pack', '--root', clone, '--from', '2026-01-01', '--to', '2026-06-30', ...PREPARER, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const pdf = path.join(out, 'pack', 'acme-policies-2026-01-01-2026-06-30.pdf');
    // The document information is text in the PDF itself, whatever fonts the machine has for printing.
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Title: +Acme Test Co：2026-01-01〜2026-06-30 に施行されていた規程$/m);
    const bookmarks = execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8' });
    expect(bookmarks).toContain('規程台帳');
    expect(bookmarks).toContain('付録 A：周知確認の証跡');
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
      expect(run.stdout).not.toContain('copy');
      expect(run.code).toBe(0);
    });

    it('reports in the reader\'s language: --locale, else the terminal\'s LANG; JSON keeps a stable code per finding', async () => {
      const ja = await runCli(['verify', file, '--root', repo.dir, '--locale', 'ja']);
      expect(ja.stdout).toMatch(/^OK {6}署名: 有効です。ファイル全体が署名されています。署名者：CN=Acme Pack Signer/m);
      expect(ja.stdout).toMatch(/^OK {6}リポジトリ: ソースファイル 12件と規程の版 6件がコミット [0-9a-f]{12} のものと一致します$/m);
      expect(ja.stdout).toContain('注記    署名時刻: 2026-09-21T14:13:20.000Z は署名者自身の時計による申告で、信頼できる時刻ではありません');
      expect(ja.stdout).toMatch(/acme-policies-2026-01-01-2026-12-31\.pdf を検証しました。すべて一致します。\n$/);
      expect(ja.code).toBe(0);
      const fromLang = await runCli(['verify', file], { env: { LANG: 'ja_JP.UTF-8' } });
      expect(fromLang.stdout).toMatch(/^OK {6}署名: 有効です/m);
      // LC_ALL=C outranks LANG, as in setlocale(3); an unknown --locale is a usage error.
      expect((await runCli(['verify', file], { env: { LANG: 'ja_JP.UTF-8', LC_ALL: 'C' } })).stdout).toMatch(/^ok {4}signature: valid/m);
      const unknown = await runCli(['verify', file, '--locale', 'xx']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('--locale must be one of en, ja, got "xx"');
      const json = JSON.parse((await runCli(['verify', file, '--root', repo.dir, '--format', 'json', '--locale', 'ja'])).stdout) as { findings: { status: string; subject: string; code: string; message: string }[] };
      expect(json.findings.find((f) => f.subject === 'signature')).toMatchObject({ status: 'ok', code: 'signature.valid', message: expect.stringMatching(/^有効です/) });
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

    it('reads an attached manifest only up to 64 MiB: a Deflate bomb is a finding, not all the memory there is', async () => {
      const doc = await PDFDocument.create();
      doc.addPage();
      // 80 MiB of spaces, which pdf-lib deflates to about 80 KB.
      await doc.attach(Buffer.alloc(80 << 20, 0x20), 'manifest.json', { mimeType: 'application/json' });
      const pdf = path.join(dir, 'bomb.pdf');
      await writeFile(pdf, await doc.save());
      expect((await readFile(pdf)).length).toBeLessThan(1 << 20);
      const run = await runCli(['verify', pdf, '--allow-unsigned']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAIL {2}pack: the attached manifest\.json inflates to more than 64 MiB$/m);
      expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }, 60_000);

    it('reads each node of a list of attachments once, however its nodes point at one another', async () => {
      const doc = await PDFDocument.create();
      doc.addPage();
      const node = doc.context.obj({});
      const ref = doc.context.register(node);
      // 50 children, each this node again: without a bound, 50^8 visits.
      node.set(PDFName.of('Kids'), doc.context.obj(Array.from({ length: 50 }, () => ref)));
      doc.catalog.set(PDFName.of('Names'), doc.context.obj({ EmbeddedFiles: ref }));
      const pdf = path.join(dir, 'looping-names.pdf');
      await writeFile(pdf, await doc.save({ useObjectStreams: false }));
      const run = await runCli(['verify', pdf, '--allow-unsigned']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAIL {2}pack: has no readable manifest\.json attached$/m);
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
      await writeFile(manifest, json.replace(beta.sha256, `sha256:${'0'.repeat(64)}`).replace('"Pat Preparer <pat@acme.example>"', '"Someone Else"'));
      const run = await runCli(['verify', pdf]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('FAIL  policies/beta.md: manifest.json says 0000000000000000..., the pack says');
      expect(run.stdout).toContain('FAIL  manifest.json preparedBy: says "Someone Else", the pack says "Pat Preparer <pat@acme.example>"');
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

  describe('bad input gets one clear message and no file', () => {
    const refuse = async (args: string[], options: { env?: Record<string, string> } = {}) => {
      const out = await mkdtemp(path.join(os.tmpdir(), 'precept-refused-'));
      const run = await runCli(['pack', '--root', repo.dir, ...PREPARER, '--out', out, ...args], options);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(await readdir(out)).toEqual([]);
      return run;
    };

    it('refuses a period with --from after --to, or dates that are not dates', async () => {
      const after = await refuse(['--from', '2026-12-31', '--to', '2026-01-01']);
      expect([after.code, after.stderr.split('\n')[0]]).toEqual([2, 'precept pack: the period is empty: --from 2026-12-31 is after --to 2026-01-01']);
      const notDate = await refuse(['--from', '2026-02-30', '--to', '2026-03-01']);
      expect([notDate.code, notDate.stderr.split('\n')[0]]).toEqual([2, 'precept pack: --from must be a date YYYY-MM-DD, got "2026-02-30"']);
      const words = await refuse(['--from', 'last year', '--to', '2026-03-01']);
      expect(words.stderr.split('\n')[0]).toBe('precept pack: --from must be a date YYYY-MM-DD, got "last year"');
      const missing = await refuse(['--to', '2026-03-01']);
      expect(missing.stderr.split('\n')[0]).toBe('precept pack: the audit period needs --from DATE and --to DATE (YYYY-MM-DD)');
    });

    it('refuses a period that ends before anything the repository records', async () => {
      const run = await refuse(['--from', '2023-01-01', '--to', '2023-12-31']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('precept pack: the period 2023-01-01 to 2023-12-31 ends before anything this repository records: its first commit is on 2025-01-05, and the first policy version took effect on 2025-01-10; choose a period from 2025-01-10 on\n');
    });

    it('refuses an unreadable or wrong key without showing the passphrase', async () => {
      const wrong = await refuse([...PERIOD, '--sign', p12], { env: { PRECEPT_SIGN_PASSPHRASE: 'not-the-passphrase' } });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('wrong passphrase (precept reads it from the environment variable PRECEPT_SIGN_PASSPHRASE)');
      expect(wrong.stderr).not.toContain('not-the-passphrase');
      const absent = await refuse([...PERIOD, '--sign', path.join(repo.dir, 'no-such.p12')], { env });
      expect(absent.code).toBe(2);
      expect(absent.stderr).toMatch(/^precept pack: .*no-such\.p12/);
      const notKey = await refuse([...PERIOD, '--sign', path.join(repo.dir, 'people.yaml')], { env });
      expect(notKey.code).toBe(2);
      expect(notKey.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    });

    it('names git\'s user as the preparer by default, and refuses when there is none', async () => {
      const home = await mkdtemp(path.join(os.tmpdir(), 'precept-home-'));
      const gitconfig = path.join(home, '.gitconfig');
      const run = (extra: Record<string, string>, out: string) => spawnSync(process.execPath, [BIN, 'pack', '--root', repo.dir, '--from', '2026-01-01', '--to', '2026-01-31', '--out', out], {
        encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: home, GIT_CONFIG_NOSYSTEM: '1', XDG_CONFIG_HOME: home, NO_COLOR: '1', ...extra },
      });
      const none = await mkdtemp(path.join(os.tmpdir(), 'precept-refused-'));
      const refused = run({}, none);
      expect([refused.status, refused.stderr]).toEqual([2, 'precept pack: the pack must name who prepared it: pass --prepared-by "Name <email>" (git has no user.name configured here)\n']);
      expect(await readdir(none)).toEqual([]);
      await writeFile(gitconfig, '[user]\n\tname = Gita User\n\temail = gita@acme.example\n');
      const out = await mkdtemp(path.join(os.tmpdir(), 'precept-git-user-'));
      const made = run({ GIT_CONFIG_GLOBAL: gitconfig }, out);
      expect(made.status, made.stderr).toBe(0);
      expect(flat(pdfText(path.join(out, 'pack', 'acme-policies-2026-01-01-2026-01-31.pdf'), { first: 1, last: 1 }))).toContain('Prepared by Gita User <gita@acme.example>');
    });

    it('refuses uncommitted policy changes unless told to, and a --reference without a --recipient', async () => {
      const clone = await mkdtemp(path.join(os.tmpdir(), 'precept-dirty-'));
      execFileSync('git', ['clone', '-q', repo.dir, clone]);
      await appendFile(path.join(clone, 'policies', 'beta.md'), '\nUncommitted line.\n');
      const run = await runCli(['pack', '--root', clone, ...PERIOD, ...PREPARER]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('precept pack: uncommitted changes in policies: the pack is of a commit, so commit them first (or pass --allow-dirty)');
      const reference = await refuse([...PERIOD, '--reference', 'NDA-1']);
      expect([reference.code, reference.stderr.split('\n')[0]]).toEqual([2, 'precept pack: --reference names the agreement a copy is given under: add --recipient']);
    });
  });

  describe('from the library, with ledger records, unsigned, and without git', () => {
    let printer: PdfPrinter;
    let theme: Theme;
    const common = { buildTime: new Date('2026-12-31T00:00:00Z'), signingTime: new Date('2026-12-31T00:00:00Z'), fileName: 'x.pdf', preparedBy: 'Library Caller' };
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
      await buildPack({ root: repo.dir, git: await GitRepo.open(repo.dir), period: { from: '2026-01-01', to: '2026-12-31' }, theme, markdown, printer, records: {}, ...common });
      // alpha 2.0.0 and beta 1.0.0 are today's files; zeta's and delta's files have moved on (a draft, a retirement).
      expect(printer.stats.cached - before.cached).toBe(2);
      // 4 versions in 3 jobs (the first job is of four versions, FIRST_VERSIONS_JOB: alpha 1.0.0 alone before the cached
      // ones, delta alone after them; eta and zeta together), 9 sections, the cover and contents, and the page stamps.
      expect(printer.stats.printed - before.printed).toBe(3 + 9 + 2 + 1);
    });

    it('prints a long table in pieces that read as one section: one heading, one contents entry and bookmark, every row', async () => {
      const pack = await buildPack({
        root: repo.dir, git: await GitRepo.open(repo.dir), period: { from: '2026-01-01', to: '2026-12-31' }, theme, markdown: new MarkdownRenderer(), printer, ...common,
        rowsPerJob: 4,
      });
      const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-pack-pieces-')), 'x.pdf');
      await writeFile(out, pack.pdf);
      const toc = contents(out);
      for (const title of ['Policy register', 'Appendix A: Acknowledgement evidence', 'Appendix B: Staff during the period']) {
        expect(toc.filter((e) => e.title === title)).toHaveLength(1);
      }
      const evidence = flat(section(out, 'Appendix A: Acknowledgement evidence'));
      // 18 rows in pieces of 4: five print jobs, one heading and lead; the column headings repeat on each piece.
      expect(evidence.match(/Appendix A: Acknowledgement evidence/g)).toHaveLength(1);
      expect(evidence.match(/one row per person, policy and MAJOR series/g)).toHaveLength(1);
      expect(evidence.match(/@acme\.example/g)).toHaveLength(18);
      expect(pack.sections.filter((x) => x.title === 'Appendix A: Acknowledgement evidence')).toHaveLength(1);
      const register = flat(section(out, 'Policy register'));
      expect(register.match(/Policy register/g)).toHaveLength(1);
      for (const v of ['Alpha', 'Beta', 'Delta', 'Eta', 'Zeta']) expect(register).toContain(v);
      const outline = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', out], { encoding: 'utf8' })) as { outlines: { title: string }[] };
      expect(outline.outlines.filter((o) => o.title === 'Appendix A: Acknowledgement evidence')).toHaveLength(1);
    });

    it('reads approvals it is given, with their sources, and says what is missing; unsigned packs say so', async () => {
      const pack = await buildPack({
        root: repo.dir, git: await GitRepo.open(repo.dir), period: { from: '2026-01-01', to: '2026-12-31' }, theme, markdown: new MarkdownRenderer(), printer, ...common,
        records: {
          approvals: [
            { policy: 'alpha', version: '2.0.0', approver: 'ada', decision: 'approved', at: '2026-03-10T09:00:00Z', source: 'github:acme/policies#7' },
            { policy: 'beta', version: '1.0.0', approver: 'ada', decision: 'approved', at: '2026-01-20T09:00:00Z', contentHash: 'sha256:0000', source: 'cli' },
            { policy: 'beta', version: '1.0.0', approver: 'bob', decision: 'approved', at: '2026-01-21T09:00:00Z', source: 'import', evidence: 'Board minutes 2026-01-21, item 4' },
            { policy: 'zeta', version: '1.0.0', approver: 'ada', decision: 'approved', at: '2026-01-02T09:00:00Z', source: 'cli' },
            { policy: 'zeta', version: '1.0.0', approver: 'bob', decision: 'approved', at: '2026-01-12T09:00:00Z', source: 'cli' },
          ],
        },
      });
      const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-pack-lib-')), 'x.pdf');
      await writeFile(out, pack.pdf);
      const text = flat(pdfText(out, { layout: true }));
      expect(text).toContain('Unsigned: this pack carries no digital signature');
      expect(text).toContain('Prepared by Library Caller');
      expect(inOrder(text, '10 Mar 2026 09:00', 'Alpha', '2.0.0', 'Ada Owner', 'approved', 'not', 'GitHub pull request', 'recorded', 'acme/policies#7, review by @ada-', 'owner')).toBe(true);
      expect(inOrder(text, '21 Jan 2026 09:00 Beta 1.0.0 Bob approved not', 'made before precept; evidence: Board minutes', 'item 4')).toBe(true);
    expect(inOrder(text, '20 Jan 2026 09:00 Beta 1.0.0 Ada Owner approved another', 'text')).toBe(true);
      expect(inOrder(text, 'Alpha', '2.0.0 1 Apr 2026 – end of period', 'in force without the approval of Bob Approver (no', '275 days', 'approval on record)')).toBe(true);
      expect(inOrder(text, 'Beta', '1.0.0 1 Feb 2026 – end of period the approval by Ada Owner on 20 Jan 2026 is for a text this version never', 'had in force')).toBe(true);
      // zeta took effect on 2026-01-10; bob approved on the 12th: two days without his approval.
      expect(inOrder(text, 'Zeta', '1.0.0 10 Jan 2026 – 11 Jan 2026', 'in force without the approval of Bob Approver (approved 12 Jan 2026)', '2 days')).toBe(true);
      expect(text).toContain('No acknowledgement records: acknowledgements could not be checked.');
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
      const pack = await buildPack({ root: copy, git: undefined, period: { from: '2026-01-01', to: '2026-12-31' }, theme, markdown: new MarkdownRenderer(), printer, records: {}, ...common });
      expect(pack.versions.map((v) => `${v.id}@${v.version}`)).toEqual(['alpha@2.0.0', 'beta@1.0.0']);
      expect(pack.manifest.history).toBe('working-tree');
      const out = path.join(copy, 'x.pdf');
      await writeFile(out, pack.pdf);
      expect(pdfText(out, { first: 1, last: 1 })).toContain('No git history was available');
    });
  });
});
