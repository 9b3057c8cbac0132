import { createServer, type Server } from 'node:http';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../src/repo/load/load-project.js';
import { MarkdownRenderer } from '../src/markdown/render.js';
import type { Project } from '../src/repo/project/types.js';
import { buildPdfs, likelyToPrint } from '../src/render/pdf/build-pdfs.js';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { PagePool } from '../src/render/pdf/page-pool.js';
import { DEFAULT_MARGINS, printOnPage } from '../src/render/pdf/print-job.js';
import { fontSheet, importedFonts } from '../src/render/pdf/fonts.js';
import { PdfPrinter } from '../src/render/pdf/printer.js';
import { Theme } from '../src/render/theme/theme.js';
import { approveAll } from './helpers/approve-all.js';
import { pageCount, pdfInfo, pdfText, runTool } from './helpers/pdf.js';
import { EXAMPLE_ROOT } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const BUILD_TIME = new Date('2026-03-01T12:00:00Z');

/** A one-policy repo (no git) with the given body and config additions. */
async function smallRepo(body: string, options: { config?: string; status?: string; error?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-'));
  await mkdir(path.join(dir, 'policies'));
  await writeFile(path.join(dir, 'precept.config.yaml'), `organization:\n  name: Probe <Org> & Co\n  slug: probe\n${options.config ?? ''}`);
  await writeFile(path.join(dir, 'people.yaml'), 'people:\n  - id: ada\n    name: Ada Owner\n    email: ada@probe.example\n    start: 2020-01-01\n');
  const status = options.status ?? 'approved';
  await writeFile(path.join(dir, 'policies', 'probe.md'), [
    '---', 'id: probe', 'title: Probe Policy', 'version: 1.2.0', `status: ${status}`, 'owner: ada', 'approvers: [ada]',
    'effective: 2026-02-01', 'review:', '  cycle: annual', 'classification: confidential', ...(options.error ? ['bogus: 1'] : []), '---', '', body, '',
  ].join('\n'));
  if (!options.error) await approveAll(dir);
  return dir;
}

describe('per-policy PDFs', () => {
  let printer: PdfPrinter;
  let theme: Theme;
  let cacheDir: string;
  let example: Project;
  let exampleOut: string;
  let built: Awaited<ReturnType<typeof buildPdfs>>;

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-cache-'));
    printer = PdfPrinter.create({ env: process.env, runningAsRoot: process.getuid?.() === 0, cacheDir, concurrency: 2 });
    theme = await Theme.load(undefined);
    example = (await loadProject(EXAMPLE_ROOT)).project;
    exampleOut = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-out-'));
    built = await buildPdfs({ project: example, printer, theme, markdown: new MarkdownRenderer(), outDir: exampleOut, buildTime: BUILD_TIME });
  });
  afterAll(async () => {
    await printer?.close();
  });

  it('writes one <id>-v<version>.pdf per policy of the bundled example', async () => {
    const files = (await readdir(exampleOut)).sort();
    expect(files).toHaveLength(15);
    expect(files).toContain('access-control-v2.1.1.pdf');
    expect(built.every((b) => !b.cached)).toBe(true);
    for (const b of built) expect(pageCount(path.join(exampleOut, b.file))).toBe(b.pages);
  });

  it('shows the title block, the body, and header and footer on every page', () => {
    const file = path.join(exampleOut, 'access-control-v2.1.1.pdf');
    const text = pdfText(file);
    for (const expected of ['KESTREL DATA, INC.', 'Access Control Policy', 'Organisation', 'Kestrel Data, Inc.', 'Version', '2.1.1', 'Status', 'Approved',
      'Owner', 'Divya Patel', 'Approvers', 'Tomás Reyes, Divya Patel', 'Effective', '1 Feb 2026', 'Next review', '15 Jan 2027', 'Classification', 'Internal',
      'Purpose', 'This policy ensures that only authorised people']) {
      expect(text).toContain(expected);
    }
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      const one = pdfText(file, { first: page, last: page, layout: true });
      expect(one).toMatch(/Kestrel Data, Inc\.\s+Access Control Policy · v2\.1\.1/);
      expect(one).toMatch(new RegExp(`Internal\\s+Version 2\\.1\\.1\\s+Page ${page} of ${pages}`));
    }
  });

  it('writes fixed metadata: the build time as dates, precept as creator, the policy as title', () => {
    const info = pdfInfo(path.join(exampleOut, 'encryption-v1.2.0.pdf'));
    expect(info['CreationDate']).toBe('2026-03-01T12:00:00Z');
    expect(info['ModDate']).toBe('2026-03-01T12:00:00Z');
    expect(info['Creator']).toMatch(/^precept /);
    expect(info['Title']).toBe('Encryption Policy v1.2.0');
    expect(info['Page size']).toContain('(A4)');
  });

  it('expects to print (and starts Chromium early) until every policy has a cached PDF, and again when a policy changes', async () => {
    const repo = await smallRepo('## Scope\n\nText.');
    const { project } = await loadProject(repo);
    const ownCache = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-likely-')), 'pdf');
    expect(likelyToPrint(project, undefined)).toBe(true);
    expect(likelyToPrint(project, ownCache)).toBe(true);
    const own = PdfPrinter.create({ env: process.env, runningAsRoot: process.getuid?.() === 0, cacheDir: ownCache, concurrency: 1 });
    try {
      await buildPdfs({ project, printer: own, theme, markdown: new MarkdownRenderer(), outDir: await mkdtemp(path.join(os.tmpdir(), 'precept-likely-out-')), buildTime: BUILD_TIME });
    } finally {
      await own.close();
    }
    expect(likelyToPrint(project, ownCache)).toBe(false);
    const file = path.join(repo, project.policies[0]!.file);
    await writeFile(file, (await readFile(file, 'utf8')).replace('Text.', 'Other text.'));
    expect(likelyToPrint((await loadProject(repo)).project, ownCache)).toBe(true);
  });

  it('serves unchanged PDFs from the cache, byte for byte, and renders a fresh cache identically', async () => {
    const again = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-again-'));
    const second = await buildPdfs({ project: example, printer, theme, markdown: new MarkdownRenderer(), outDir: again, buildTime: BUILD_TIME });
    expect(second.every((b) => b.cached)).toBe(true);
    const fresh = PdfPrinter.create({ env: process.env, runningAsRoot: process.getuid?.() === 0, cacheDir: await mkdtemp(path.join(os.tmpdir(), 'precept-c-')), concurrency: 1 });
    const third = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-third-'));
    try {
      // One page instead of two: another print order, another renderer history; the same bytes.
      const subset = { ...example, policies: example.policies.filter((p) => ['access-control', 'encryption', 'incident-response'].includes(p.id)) };
      await buildPdfs({ project: subset, printer: fresh, theme, markdown: new MarkdownRenderer(), outDir: third, buildTime: BUILD_TIME });
    } finally {
      await fresh.close();
    }
    for (const name of ['access-control-v2.1.1.pdf', 'encryption-v1.2.0.pdf', 'incident-response-v2.0.0.pdf']) {
      const a = await readFile(path.join(exampleOut, name));
      expect((await readFile(path.join(again, name))).equals(a)).toBe(true);
      expect((await readFile(path.join(third, name))).equals(a), name).toBe(true);
    }
  });

  it('renders only what changed', async () => {
    const repo = await smallRepo('## Scope\n\nFirst text.');
    const project = (await loadProject(repo)).project;
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-small-'));
    const first = await buildPdfs({ project, printer, theme, markdown: new MarkdownRenderer(), outDir: out, buildTime: BUILD_TIME });
    expect(first[0]!.cached).toBe(false);
    const changed = (await loadProject(await smallRepo('## Scope\n\nSecond text.'))).project;
    const second = await buildPdfs({ project: changed, printer, theme, markdown: new MarkdownRenderer(), outDir: out, buildTime: BUILD_TIME });
    expect(second[0]!.cached).toBe(false);
    expect(pdfText(path.join(out, 'probe-v1.2.0.pdf'))).toContain('Second text.');
  });

  it('prints on Letter paper when the config says so, escapes metadata, and marks drafts as not in force', async () => {
    const repo = await smallRepo('## Scope\n\nDraft text.', { config: 'pdf:\n  paper: Letter\n', status: 'draft' });
    const project = (await loadProject(repo)).project;
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-letter-'));
    await buildPdfs({ project, printer, theme, markdown: new MarkdownRenderer(), outDir: out, buildTime: BUILD_TIME });
    const file = path.join(out, 'probe-v1.2.0.pdf');
    expect(pdfInfo(file)['Page size']).toContain('(letter)');
    const text = pdfText(file);
    expect(text).toContain('Probe <Org> & Co');
    expect(text).toContain('DRAFT: NOT IN FORCE');
    expect(text).toContain('Confidential');
  });

  it('uses a repo\'s own site/pdf/ templates over precept\'s, file by file', async () => {
    const repo = await smallRepo('## Scope\n\nText.');
    await mkdir(path.join(repo, 'site', 'pdf'), { recursive: true });
    await writeFile(path.join(repo, 'site', 'pdf', 'footer.hbs'), '<div style="font-size:8pt;width:100%;text-align:center">OWN FOOTER {{id}} <span class="pageNumber"></span></div>');
    const project = (await loadProject(repo)).project;
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-theme-'));
    await buildPdfs({ project, printer, theme: await Theme.load(path.join(repo, 'site')), markdown: new MarkdownRenderer(), outDir: out, buildTime: BUILD_TIME });
    const text = pdfText(path.join(out, 'probe-v1.2.0.pdf'));
    expect(text).toContain('OWN FOOTER probe 1');
    expect(text).toContain('Probe Policy · v1.2.0'); // the built-in header is still used
  });

  describe('locked down', () => {
    let server: Server;
    let port: number;
    const requests: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push(req.url ?? '');
        res.end('x');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('makes no request for images in a policy body, not even to 127.0.0.1 or 169.254.169.254', async () => {
      const body = [
        '## Probe', '',
        `![probe](http://127.0.0.1:${port}/probe.png)`, '',
        '![metadata](http://169.254.169.254/latest/meta-data/)', '',
        `<img src="http://127.0.0.1:${port}/raw.png" alt="raw">`, '',
        'VISIBLE-AFTER-IMAGES',
      ].join('\n');
      const project = (await loadProject(await smallRepo(body))).project;
      const out = await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-probe-'));
      const blockedBefore = printer.blockedRequests;
      await buildPdfs({ project, printer, theme, markdown: new MarkdownRenderer(), outDir: out, buildTime: BUILD_TIME });
      expect(requests).toEqual([]);
      // Images from other sites never reach the printer: their alt text prints in their place (the
      // lock-down that would refuse them anyway is tested on its own below).
      expect(printer.blockedRequests - blockedBefore).toBe(0);
      const text = pdfText(path.join(out, 'probe-v1.2.0.pdf'));
      expect(text).toContain('VISIBLE-AFTER-IMAGES');
      expect(text).toMatch(/probe[\s\S]*metadata[\s\S]*raw/);
    });

    it('runs no JavaScript and loads no stylesheet, font or frame, even from a hostile theme', async () => {
      const html = `<!doctype html><html><head>
        <link rel="stylesheet" href="http://127.0.0.1:${port}/style.css">
        <style>@import url("http://127.0.0.1:${port}/import.css"); body { background: url("http://127.0.0.1:${port}/bg.png"); }
        @font-face { font-family: X; src: url("http://127.0.0.1:${port}/font.woff2"); } p { font-family: X, sans-serif; }</style>
        </head><body><p id="p">STATIC-TEXT</p><iframe src="http://127.0.0.1:${port}/frame"></iframe>
        <script>document.getElementById('p').textContent = 'SCRIPT-RAN';</script>
        <img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" alt=""></body></html>`;
      const pdf = await printer.print({ html, header: '<span></span>', footer: '<span></span>', paper: 'A4', margin: DEFAULT_MARGINS }, { title: 't', author: 'a' }, BUILD_TIME);
      const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-js-')), 'x.pdf');
      await writeFile(file, pdf.bytes);
      const text = pdfText(file);
      expect(text).toContain('STATIC-TEXT');
      expect(text).not.toContain('SCRIPT-RAN');
      expect(requests).toEqual([]);
    });

    it('answers only precept\'s own font stylesheets, from memory; a made-up one under the same host is refused', async () => {
      const imports = importedFonts('<p>Fonts</p>', 'probe');
      const url = /@import url\("([^"]+)"\)/.exec(imports)![1]!;
      expect(url).toMatch(/^https:\/\/fonts\.precept\.invalid\/[0-9a-f]{16}\/noto-sans-latin-400-normal\.css$/);
      expect(fontSheet(url)).toMatch(/^@font-face\{font-family:"Noto Sans";.*src:url\(data:font\/woff2;base64,/);
      expect(fontSheet(url.replace(/[0-9a-f]{16}/, '0000000000000000'))).toBeUndefined();
      const html = `<!doctype html><html><head><style>${imports}\n@import url("https://fonts.precept.invalid/0000000000000000/noto-sans-latin-400-normal.css");
        body { font-family: "Noto Sans"; }</style></head><body><p>FONT-SHEET-TEXT</p></body></html>`;
      const browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
      try {
        const pool = await PagePool.open(browser, 1, 1);
        const pdf = await pool.use((page) => printOnPage(page, { html, header: '<span></span>', footer: '<span></span>', paper: 'A4', margin: DEFAULT_MARGINS }));
        expect(pool.blocked).toBe(1);
        // Every job's renderer collected its garbage (the threshold here is one byte).
        expect(pool.collections).toBe(1);
        const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-pdf-sheet-')), 'x.pdf');
        await writeFile(file, pdf);
        expect(pdfText(file)).toContain('FONT-SHEET-TEXT');
        expect(runTool('pdffonts', [file]).output).toMatch(/\+NotoSans-Regular\s/);
        expect(requests).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    it('refuses requests itself, even in a browser that may reach 127.0.0.1', async () => {
      const browser = await launchBrowser(findBrowser(process.env), { allowLoopback: true, runningAsRoot: process.getuid?.() === 0 });
      try {
        const html = `<p>x</p><img src="http://127.0.0.1:${port}/pool.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/pool.css">`;
        const pool = await PagePool.open(browser, 1);
        await pool.use((page) => printOnPage(page, { html, header: '<span></span>', footer: '<span></span>', paper: 'A4', margin: DEFAULT_MARGINS }));
        expect(requests).toEqual([]);
        expect(pool.blocked).toBe(2);
        // The same page in the same browser without the lock-down does reach the server.
        const open = await browser.newPage();
        await open.setContent(html, { waitUntil: 'load' });
        expect(requests.sort()).toEqual(['/pool.css', '/pool.png']);
      } finally {
        await browser.close();
      }
    });
  });
});

describe('precept build', () => {
  it('refuses to build when check finds errors', async () => {
    const repo = await smallRepo('## Scope\n\nText.', { error: true });
    const run = await runCli(['build', '--root', repo]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('precept build: not built: check found 1 error');
    await expect(readdir(path.join(repo, 'dist'))).rejects.toThrow();
  });

  it('skips PDFs with --no-pdf', async () => {
    const repo = await smallRepo('## Scope\n\nText.');
    const run = await runCli(['build', '--root', repo, '--no-pdf']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Built 1 policy, \d+ pages in \d+\.\d s\n {2}site: /);
    expect(run.stdout).not.toContain('PDF');
    await expect(readdir(path.join(repo, 'dist', 'pdf'))).rejects.toThrow();
  });

  it('writes <out>/pdf/ and renders nothing the second time', async () => {
    const repo = await smallRepo('## Scope\n\nText.');
    const out = path.join(repo, 'out');
    const first = await runCli(['build', '--root', repo, '--out', out, '--verbose'], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(first.stderr).not.toMatch(/ error /);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Built 1 policy, \d+ pages, 1 PDF in /);
    expect(first.stdout).toMatch(/ pdf: pdfs 1, pages 1, rendered 1, unchanged 0/);
    expect(await readdir(path.join(out, 'pdf'))).toEqual(['probe-v1.2.0.pdf']);
    expect(pdfInfo(path.join(out, 'pdf', 'probe-v1.2.0.pdf'))['CreationDate']).toBe('2026-01-01T00:00:00Z');
    const second = await runCli(['build', '--root', repo, '--out', out, '--verbose'], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(second.stdout).toMatch(/ pdf: pdfs 1, pages 1, rendered 0, unchanged 1/);
    // Anything the document shows may come from another file: renaming the owner renders it again.
    await writeFile(path.join(repo, 'people.yaml'), (await readFile(path.join(repo, 'people.yaml'), 'utf8')).replace('Ada Owner', 'Ada Lovelace'));
    const third = await runCli(['build', '--root', repo, '--out', out, '--verbose'], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(third.stdout).toMatch(/ pdf: pdfs 1, pages 1, rendered 1, unchanged 0/);
    expect(pdfText(path.join(out, 'pdf', 'probe-v1.2.0.pdf'))).toContain('Ada Lovelace');
  });
});
