#!/usr/bin/env node
// Benchmark: per-policy PDF throughput. N synthetic three-page policies (bench/generate.mjs
// --requirements 4), printed with an empty cache:
//  - the PDF stage in-process (browser already started): PDFs per second, median of 3;
//  - `precept build` as a whole process (check, browser start-up, PDFs), with the peak memory of
//    Node plus every Chromium process, sampled from /proc.
// Targets (issue 4, 2 cores): at least 12 three-page PDFs/s; Node + Chromium under 1.2 GB.
//
//   npm run build && node bench/pdf.mjs [--policies 48]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, ROOT, median, record } from './lib.mjs';
import { runWithMemory } from './proc-memory.mjs';

const { values } = parseArgs({ options: { policies: { type: 'string', default: '48' } } });
const n = Number(values.policies);
const repo = `/tmp/precept-bench-pdf-${n}`;
execFileSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--policies', String(n), '--requirements', '4', '--out', repo], { stdio: 'inherit' });

const dist = (rel) => import(path.join(ROOT, 'lib', rel));
const { loadProject } = await dist('repo/load/load-project.js');
const { MarkdownRenderer } = await dist('markdown/render.js');
const { buildPdfs } = await dist('render/pdf/build-pdfs.js');
const { PdfPrinter } = await dist('render/pdf/printer.js');
const { Theme } = await dist('render/theme/theme.js');

const { project } = await loadProject(repo);
const theme = await Theme.load(undefined);
const printer = PdfPrinter.create({ env: process.env, runningAsRoot: process.getuid?.() === 0 });
const rates = [];
let pages = 0;
try {
  // Start the browser and warm the page pool on two documents.
  await buildPdfs({ project: { ...project, policies: project.policies.slice(0, 2) }, printer, theme, markdown: new MarkdownRenderer(), outDir: mkdtempSync(path.join(os.tmpdir(), 'pb-')), buildTime: new Date(0) });
  for (let run = 0; run < 3; run++) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'pb-'));
    const t0 = performance.now();
    const built = await buildPdfs({ project, printer, theme, markdown: new MarkdownRenderer(), outDir: out, buildTime: new Date(0) });
    rates.push(built.length / ((performance.now() - t0) / 1000));
    pages = built.reduce((sum, b) => sum + b.pages, 0);
    rmSync(out, { recursive: true, force: true });
  }
} finally {
  await printer.close();
}
console.log(`PDF stage: ${rates.map((r) => r.toFixed(1)).join(', ')} PDFs/s (${n} PDFs, ${pages} pages)`);

const build = async (sample) => {
  rmSync(path.join(repo, '.precept-cache'), { recursive: true, force: true });
  const result = await runWithMemory(process.execPath, [BIN, 'build', '--root', repo, '--out', mkdtempSync(path.join(os.tmpdir(), 'pb-')), '--as-of', '2026-11-25'], { sample, env: { PRECEPT_CACHE_DIR: path.join(repo, '.precept-cache') } });
  if (result.code !== 0) throw new Error(`precept build exited ${result.code}: ${result.stderr}`);
  return result;
};
const whole = await build(false);
console.log(whole.stdout.trim());
const memory = await build(true);
record(`PDFs, ${n} three-page policies`,
  `stage median ${median(rates).toFixed(1)} PDFs/s (${pages / n} pages each, empty cache); whole \`precept build\` ${(whole.ms / 1000).toFixed(2)} s; ` +
  `peak Node+Chromium RSS ${Math.round(memory.peakRssMb)} MB (PSS ${Math.round(memory.peakPssMb)} MB, ${memory.peakProcesses} processes)`);
