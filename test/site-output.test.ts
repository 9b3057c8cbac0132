/** The portal's output: byte-for-byte reproducible, and hostile policy content never becomes markup. */
import { EXAMPLE_ROOT } from './helpers/paths.js';
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/render/build/build.js';
import { TestRepo } from './helpers/git-repo.js';
import { policyFile, portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';
import { listFiles, sitePages } from './helpers/site-files.js';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'precept-site-'));

describe('reproducible output', () => {
  it('gives the same bytes for the same commit, whatever the clock, file times, output folder or cache', async () => {
    const repo = await portalRepo();
    const [a, b] = [await tmp(), await tmp()];
    const first = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', a], { now: new Date('2027-03-01T08:00:00Z') });
    expect(first.code, first.stderr).toBe(0);
    const later = new Date('2031-01-01T00:00:00Z');
    for (const rel of await listFiles(repo.dir)) if (!rel.startsWith('.git/')) await utimes(path.join(repo.dir, rel), later, later);
    const second = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', b, '--no-cache'], { now: new Date('2029-07-04T23:59:00Z') });
    expect(second.code, second.stderr).toBe(0);
    const files = await listFiles(path.join(a, 'site'));
    expect(files).toEqual(await listFiles(path.join(b, 'site')));
    expect(files.filter((f) => f.startsWith('pagefind/')).length).toBeGreaterThan(4);
    const differ = [];
    for (const rel of files) {
      if (!(await readFile(path.join(a, 'site', rel))).equals(await readFile(path.join(b, 'site', rel)))) differ.push(rel);
    }
    expect(differ).toEqual([]);

    const epoch = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', b], { env: { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 6, 15) / 1000) } });
    expect(epoch.code, epoch.stderr).toBe(0);
    expect(await readFile(path.join(b, 'site', 'index.html'), 'utf8')).toContain('Review dates as of 15 Jul 2026');
    expect(await readFile(path.join(b, 'site', 'reviews.ics'), 'utf8')).toContain('DTSTAMP:20260715T000000Z');
  });
});

describe('rendering in worker threads', () => {
  it('gives the same site as rendering in-process', async () => {
    const repo = await portalRepo();
    const [a, b] = [await tmp(), await tmp()];
    const base = { root: repo.dir, env: {}, now: () => new Date(), skip: new Set(['pdf']) };
    const inWorkers = await build({ ...base, outDir: a, workerThreshold: 0 });
    const inline = await build({ ...base, outDir: b, workerThreshold: Number.POSITIVE_INFINITY });
    expect(inWorkers.built && inline.built).toBe(true);
    expect(inWorkers.rendered).toEqual({ bodies: 5, redlines: 3 });
    const files = await listFiles(path.join(a, 'site'));
    expect(files).toEqual(await listFiles(path.join(b, 'site')));
    for (const rel of files) expect((await readFile(path.join(a, 'site', rel))).equals(await readFile(path.join(b, 'site', rel))), rel).toBe(true);
  });

  it('waits for bodies still rendering from the prefetch (the bundled example, all in workers)', async () => {
    const result = await build({ root: EXAMPLE_ROOT, env: {}, now: () => new Date(), outDir: await tmp(), workerThreshold: 0, skip: new Set(['pdf']) });
    expect(result.built).toBe(true);
    expect(result.rendered.bodies).toBeGreaterThanOrEqual(15);
  });

  it('returns when check refuses the build while workers are still rendering', async () => {
    const repo = await portalRepo();
    const file = path.join(repo.dir, 'policies', 'encryption.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('status: approved', 'status: bogus'));
    const result = await build({ root: repo.dir, env: {}, now: () => new Date(), outDir: await tmp(), workerThreshold: 0, skip: new Set(['pdf']) });
    expect(result.built).toBe(false);
    expect(result.counts.errors).toBe(1);
  });
});

describe('untrusted content', () => {
  it('sanitizes bodies and escapes every metadata value', async () => {
    const repo = await TestRepo.create('precept-hostile-');
    const body = [
      '## Purpose <img src="data:,x" onerror="alert(1)">',
      '',
      '<script>alert("body")</script>',
      '',
      '<iframe src="https://evil.example/"></iframe>',
      '',
      '[click](javascript:alert(1)) and <a href="javascript:alert(2)" onclick="alert(3)">this</a> and <a href="JaVaScRiPt:alert(4)">that</a>',
      '',
      '<svg onload="alert(5)"><circle r="1"/></svg> <style>body{display:none}</style> <form action="https://evil.example"><input name=q></form>',
      '',
      '<div style="position:fixed" onmouseover="alert(6)">styled</div>',
      '',
      '| a | b |',
      '|---|---|',
      '| <img src="data:,x" onerror=alert(7)> | [x](vbscript:msgbox) |',
    ].join('\n');
    const meta = [
      'title: "Evil <script>alert(\'title\')</script> Policy"',
      'summary: "\\"><img src=x onerror=alert(8)> & friends"',
    ];
    await repo.write({
      'people.yaml': 'groups:\n  - id: all-staff\n    name: "<b onmouseover=alert(9)>All</b>"\n    everyone: true\npeople:\n  - id: ada\n    name: "Ada <script>alert(10)</script>"\n    email: ada@x.example\n    start: 2020-01-01\n  - id: bob\n    name: Bob\n    email: bob@x.example\n    start: 2020-01-01\n',
      'controls/base.yaml': '- id: AC-01\n  title: "<img src=x onerror=alert(11)>"\n  owner: ada\n  criteria:\n    soc2: [CC6.1]\n',
      'policies/evil.md': policyFile('evil', 'x', '1.0.0', body).replace('title: x', meta.join('\n')),
    });
    repo.commit('evil', '2026-05-01T00:00:00Z');
    const approved = await runCli(['approve', 'evil', '--as', 'bob', '--note', '<img src=x onerror=alert(12)> & "so on"', '--root', repo.dir], { now: new Date('2026-05-01T12:00:00Z') });
    expect(approved.code, approved.stderr).toBe(0);
    repo.commit('approvals', '2026-05-02T00:00:00Z');
    const out = await tmp();
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const pages = await sitePages(path.join(out, 'site'));
    expect(pages.size).toBeGreaterThan(5);
    const found: string[] = [];
    for (const [page, html] of pages) {
      const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0])
        .filter((t) => !/^<script type="module" src="(\.\.\/)*assets\/search\.js">$/.test(t) && !/^<script src="(\.\.\/)*assets\/(ack|me)\.js" defer>$/.test(t));
      if (scripts.length) found.push(`${page}: ${scripts.join(' ')}`);
      for (const pattern of [/<(iframe|style|svg|object|embed)\b/i, /(href|src|action)="https?:\/\/evil/i, /\son[a-z]+\s*=/i, /(javascript|vbscript):/i, /\sstyle=/i]) {
        const m = pattern.exec(html.replace(/<svg class="coverage-chart"[\s\S]*?<\/svg>/, ''));
        if (m) found.push(`${page}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
    const policy = pages.get('policies/evil/index.html')!;
    expect(policy).toContain('<h1 data-pagefind-meta="title">Evil &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Policy</h1>');
    expect(policy).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(8)&gt; &amp; friends');
    expect(policy).toContain('<span class="approval-note">“&lt;img src&#x3D;x onerror&#x3D;alert(12)&gt; &amp; &quot;so on&quot;”</span>');
    expect(policy.replace(/&#x27;/g, "'")).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';/);
    const ics = await readFile(path.join(out, 'site', 'reviews.ics'), 'utf8');
    expect(ics).toContain('SUMMARY:Policy review due: Evil <script>alert(\'title\')</script> Policy');
    expect(ics.split('\r\n').filter((l) => l.startsWith('SUMMARY')).length).toBe(1);
    await writeFile(path.join(out, 'done'), '');
  });
});
