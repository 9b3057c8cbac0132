/**
 * PDFs of a Japanese organisation (test/fixtures/ja), on a machine without any Japanese font: the
 * text prints in the embedded Noto Sans JP (pdffonts lists it, pdftotext reads it back), labels
 * and dates are in the document's language, and the bytes do not depend on the machine's fonts.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MarkdownRenderer } from '../src/markdown/render.js';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { writeRestrictedFontconfig } from '../src/render/browser/fontconfig.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { normalizePdf } from '../src/render/pdf/normalize.js';
import { lockDownPage } from '../src/render/pdf/page-pool.js';
import { policyInfo } from '../src/render/pdf/build-pdfs.js';
import { policyDocument } from '../src/render/pdf/policy-document.js';
import { printOnPage } from '../src/render/pdf/print-job.js';
import { policyPrintJob } from '../src/render/pdf/templates.js';
import { Theme } from '../src/render/theme/theme.js';
import { loadProject } from '../src/repo/load/load-project.js';
import type { TestRepo } from './helpers/git-repo.js';
import { jaRepo } from './helpers/ja-repo.js';
import { pdfText, runTool } from './helpers/pdf.js';
import { runCli } from './helpers/run-cli.js';

const fontsOf = (file: string) => runTool('pdffonts', [file]).output.split('\n').slice(2).map((l) => l.split(/\s+/)[0]!).filter(Boolean);

async function catalogLang(file: string): Promise<string | undefined> {
  const lang = (await PDFDocument.load(await readFile(file))).catalog.get(PDFName.of('Lang'));
  return lang instanceof PDFString ? lang.decodeText() : undefined;
}

describe('PDFs in Japanese', () => {
  let repo: TestRepo;
  let out: string;

  beforeAll(async () => {
    repo = await jaRepo();
    out = path.join(repo.dir, 'dist');
    const run = await runCli(['build', '--root', repo.dir, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('embeds Noto Sans JP and prints the Japanese text, labels and dates', async () => {
    const file = path.join(out, 'pdf', 'information-security-v1.0.0.pdf');
    expect(fontsOf(file)).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z]{6}\+NotoSansJP/)]));
    expect(fontsOf(file).filter((f) => !/\+NotoSans(JP|Mono)?/.test(f))).toEqual([]);
    const text = pdfText(file).replace(/\s+/g, '');
    for (const s of ['情報セキュリティ基本方針', '株式会社サクラデータ', '就業規則に基づき懲戒処分の対象となることがある。', '最高情報セキュリティ責任者', 'アクセス権は業務上必要な最小限に限定する',
      '責任者', '山田太郎', '承認者', '佐藤花子', '施行日', '2026年4月1日', '次回見直し', '2027年3月15日', '機密区分', '社内', '承認済み', 'バージョン1.0.0', '1/2ページ']) {
      expect(text, s).toContain(s);
    }
    expect(await catalogLang(file)).toBe('ja');
  });

  it('writes a translation in its own language, English labels included', async () => {
    const file = path.join(out, 'pdf', 'information-security-en-v1.0.0.pdf');
    const text = pdfText(file).replace(/\s+/g, ' ');
    expect(text).toContain('Employees who break this policy or the rules under it may face disciplinary action');
    expect(text).toMatch(/Owner 山田 太郎/);
    expect(text).toContain('1 Apr 2026');
    expect(await catalogLang(file)).toBe('en');
  });

  it('gives the same bytes when the machine has no fonts at all', async () => {
    // An empty fontconfig is a machine without fonts; precept's browser sees only its own anyway.
    const empty = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-nofonts-')), 'fonts.conf');
    await writeFile(empty, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    const bare = path.join(repo.dir, 'dist-bare');
    const run = await runCli(['build', '--no-cache', '--root', repo.dir, '--out', bare], { env: { ...process.env as Record<string, string>, FONTCONFIG_FILE: empty } });
    expect(run.code, run.stderr).toBe(0);
    const files = (await readdir(path.join(out, 'pdf'))).sort();
    expect(files).toHaveLength(3);
    expect((await readdir(path.join(bare, 'pdf'))).sort()).toEqual(files);
    for (const f of files) expect(Buffer.compare(await readFile(path.join(bare, 'pdf', f)), await readFile(path.join(out, 'pdf', f))), f).toBe(0);
  });

  it('prints the same bytes whether or not Chromium can see the machine’s own fonts', async () => {
    // The embedded fonts alone decide the output: the same job printed by a browser that sees
    // the system's fonts (DejaVu, Liberation, ...) and by one restricted to precept's.
    const { project } = await loadProject(repo.dir);
    const policy = project.policies.find((p) => p.id === 'information-security')!;
    const doc = policyDocument(project, { id: policy.id, meta: policy.meta as unknown as Record<string, unknown>, body: policy.body }, new MarkdownRenderer());
    const job = await policyPrintJob(await Theme.load(undefined), doc, 'A4');
    const restricted = await writeRestrictedFontconfig();
    const print = async (env: Record<string, string | undefined>) => {
      const browser = await launchBrowser(findBrowser(process.env), { runningAsRoot: process.getuid?.() === 0, env });
      try {
        const page = await browser.newPage();
        await lockDownPage(page, () => {});
        const raw = await printOnPage(page, job);
        return (await normalizePdf(raw, policyInfo(doc), new Date('2026-04-01T00:00:00Z'), 'same')).bytes;
      } finally {
        await browser.close();
      }
    };
    const system = await print({ ...process.env });
    const own = await print({ ...process.env, FONTCONFIG_FILE: restricted });
    expect(Buffer.compare(Buffer.from(system), Buffer.from(own))).toBe(0);
  });

  it('refuses text no embedded font can show, at its line, instead of printing boxes', async () => {
    const file = path.join(repo.dir, 'policies', 'access-control.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('最小限とする。', '最小限とする。🔐'));
    const run = await runCli(['build', '--root', repo.dir, '--out', path.join(repo.dir, 'dist-emoji')]);
    expect(run.code).toBe(1);
    // The repo is Japanese (locale: ja), so check says it in Japanese; the rule id stays.
    expect(run.stderr).toMatch(/policies\/access-control\.md:27:\d+ error missing-glyph 「🔐」（U\+1F510）は precept が PDF に埋め込むフォントにグリフがなく、空の四角で印刷されます/);
    await writeFile(file, text);
  });
});
