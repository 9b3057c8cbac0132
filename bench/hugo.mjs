#!/usr/bin/env node
// Benchmark: precept's portal build against a real peer, Hugo + Pagefind, side by side in one
// run on the same synthetic policies (one version each, no git history).
//
//   npm run build && node bench/hugo.mjs [--policies 1000] [--runs 5]
//
// The Hugo site gets the same Markdown bodies and a comparable page set: a register on the home
// page, a page per policy and a page per version (the same text: precept's version page), and
// list pages per control and per criterion (Hugo taxonomies; precept's control and framework
// pages). Its templates show the metadata precept shows (owner, version, dates, criteria,
// controls, a table of contents). Both are then indexed by Pagefind. Each run starts cold:
// no output, no cache. Needs Debian's `hugo` (apt-get install -y hugo).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { BIN, ROOT, median, record, timeCommand } from './lib.mjs';

const { values } = parseArgs({ options: { policies: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const n = Number(values.policies);
const runs = Number(values.runs);
if (spawnSync('hugo', ['version']).status !== 0) throw new Error('hugo is not installed: apt-get install -y hugo');

const repo = `/tmp/precept-bench-hugo-${n}`;
execFileSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--policies', String(n), '--versions', '1', '--out', repo], { stdio: 'inherit' });

// The same policies as a Hugo site.
const site = `${repo}-hugo`;
rmSync(site, { recursive: true, force: true });
mkdirSync(path.join(site, 'content', 'policies'), { recursive: true });
mkdirSync(path.join(site, 'content', 'versions'), { recursive: true });
mkdirSync(path.join(site, 'layouts', '_default'), { recursive: true });
writeFileSync(path.join(site, 'hugo.toml'), [
  "baseURL = '/'", "title = 'Bench Corp policies'", 'disableKinds = ["RSS", "sitemap", "robotsTXT"]',
  '[taxonomies]', "control = 'controls'", "criterion = 'criteria'",
  '[markup.goldmark.renderer]', 'unsafe = true', '[markup.tableOfContents]', 'startLevel = 2', 'endLevel = 3',
].join('\n'));
const people = new Map(parse(readFileSync(path.join(repo, 'people.yaml'), 'utf8')).people.map((p) => [p.id, p.name]));
for (const file of readdirSync(path.join(repo, 'policies'))) {
  const text = readFileSync(path.join(repo, 'policies', file), 'utf8');
  const end = text.indexOf('\n---\n', 4);
  const meta = parse(text.slice(4, end));
  const body = text.slice(end + 5).replace(/\]\((policy-\d+)\.md(#[^)]*)?\)/g, (_, id, hash) => `](/policies/${id}/${hash ?? ''})`);
  const front = {
    title: meta.title, summary: meta.summary, version: meta.version, status: meta.status,
    owner: people.get(meta.owner), approvers: meta.approvers.map((a) => people.get(a)),
    effective: meta.effective, reviewed: meta.review.last, classification: meta.classification,
    controls: meta.controls, criteria: meta.criteria.soc2,
  };
  writeFileSync(path.join(site, 'content', 'policies', file), `${JSON.stringify(front, null, 1)}\n${body}`);
  writeFileSync(path.join(site, 'content', 'versions', `${meta.id}-v${meta.version}.md`),
    `${JSON.stringify({ ...front, title: `${meta.title} ${meta.version}`, controls: [], criteria: [] }, null, 1)}\n${body}`);
}
const layout = (main) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/precept.css"></head>
<body><header><a href="/">{{ site.Title }}</a> <a href="/controls/">Controls</a> <a href="/criteria/">Frameworks</a> <a href="/search/">Search</a></header>
<main data-pagefind-body>${main}</main><footer>Built with Hugo</footer></body></html>`;
writeFileSync(path.join(site, 'layouts', '_default', 'single.html'), layout(`<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
<dl><dt>Version</dt><dd>{{ .Params.version }} ({{ .Params.status }})</dd><dt>Owner</dt><dd>{{ .Params.owner }}</dd>
<dt>Approvers</dt><dd>{{ delimit .Params.approvers ", " }}</dd><dt>Effective</dt><dd>{{ .Params.effective }}</dd>
<dt>Last review</dt><dd>{{ .Params.reviewed }}</dd><dt>Classification</dt><dd>{{ .Params.classification }}</dd>
<dt>Criteria</dt><dd>{{ range .Params.criteria }}<a href="/criteria/{{ . | urlize }}/">{{ . }}</a> {{ end }}</dd>
<dt>Controls</dt><dd>{{ range .Params.controls }}<a href="/controls/{{ . | urlize }}/">{{ . }}</a> {{ end }}</dd></dl>
<nav>{{ .TableOfContents }}</nav><article>{{ .Content }}</article>`));
writeFileSync(path.join(site, 'layouts', '_default', 'list.html'), layout(`<h1>{{ .Title }}</h1><table>
{{ range .Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.owner }}</td><td>{{ .Params.version }}</td><td>{{ .Params.effective }}</td></tr>{{ end }}</table>`));
writeFileSync(path.join(site, 'layouts', 'index.html'), layout(`<h1>{{ site.Title }}</h1><table>
{{ range where site.RegularPages "Section" "policies" }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a><br>{{ .Params.summary }}</td><td>{{ .Params.owner }}</td><td>{{ .Params.version }}</td><td>{{ .Params.status }}</td><td>{{ .Params.effective }}</td></tr>{{ end }}</table>`));
mkdirSync(path.join(site, 'static'), { recursive: true });
writeFileSync(path.join(site, 'static', 'precept.css'), readFileSync(path.join(ROOT, 'site', 'assets', 'precept.css')));

const pagefind = path.join(ROOT, 'node_modules', '.bin', 'pagefind');
const hugoTimes = [];
const preceptTimes = [];
let hugoPages = 0;
let preceptOut = '';
const trash = `${repo}-trash`;
mkdirSync(trash, { recursive: true });
const moveAside = (dir) => {
  if (existsSync(dir)) renameSync(dir, path.join(trash, `${path.basename(dir)}-${Date.now()}-${Math.random().toString(36).slice(2)}`));
};
// Alternate the two so a busy moment of the machine falls on both alike.
for (let i = 0; i < runs; i++) {
  moveAside(path.join(site, 'public'));
  moveAside(path.join(site, 'resources'));
  const t0 = performance.now();
  execFileSync('hugo', ['--quiet', '--source', site], { stdio: 'pipe' });
  execFileSync(pagefind, ['--site', path.join(site, 'public'), '--silent'], { stdio: 'pipe' });
  hugoTimes.push(performance.now() - t0);
  hugoPages = Number(execFileSync('sh', ['-c', `find ${path.join(site, 'public')} -name index.html | wc -l`], { encoding: 'utf8' }).trim());

  moveAside(path.join(repo, 'dist'));
  moveAside(path.join(repo, '.precept-cache'));
  // The cache in the (untracked) repo folder, so it can be moved aside; precept's default is outside the checkout.
  const r = timeCommand(process.execPath, [BIN, 'build', '--no-pdf', '--root', repo, '--as-of', '2026-11-25', '--cache-dir', path.join(repo, '.precept-cache')], { runs: 1, expectCode: 0 });
  preceptTimes.push(r.times[0]);
  preceptOut = /Built .*/.exec(r.last.stdout)?.[0] ?? '';
}
rmSync(trash, { recursive: true, force: true });
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const h = median(hugoTimes);
const p = median(preceptTimes);
record(`portal vs Hugo + Pagefind, ${n} policies x 1 version`,
  `precept build --no-pdf median ${s(p)} (${preceptTimes.map(s).join(', ')}; ${preceptOut}); hugo + pagefind median ${s(h)} (${hugoTimes.map(s).join(', ')}; ${hugoPages} pages); ratio ${(p / h).toFixed(2)}x (target <= 1.5x)`);
