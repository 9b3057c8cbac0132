import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../src/repo/load/frontmatter.js';
import { bodyHeadingSlugs, headingSlugs } from '../src/markdown/links.js';
import { parseMarkdown } from '../src/markdown/parse.js';
import { MarkdownRenderer, renderMarkdown, renderWhole } from '../src/markdown/render.js';
import { EXAMPLE_ROOT, PROJECT_ROOT } from './helpers/paths.js';

describe('Markdown rendering', () => {
  it('sanitizes untrusted HTML: no script, handlers, javascript: URLs, iframes or styles', () => {
    const { html } = renderMarkdown([
      '<script>alert(1)</script>',
      '<img src="x.png" onerror="alert(1)"> <a href="javascript:alert(1)">a</a> [b](javascript:alert(2))',
      '<iframe src="https://evil.example"></iframe><object data="x"></object>',
      '<p style="background:url(x)" onclick="alert(3)">styled</p>',
      '<svg><script>alert(4)</script></svg> <form action="/x"><input name="q"></form>',
    ].join('\n\n'));
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<object|style=|<svg|<form/i);
    // The only input GitHub's schema keeps is a task list's disabled checkbox.
    for (const input of html.match(/<input[^>]*>/g) ?? []) expect(input).toMatch(/disabled type="checkbox"/);
    expect(html).toContain('styled');
  });

  it('renders GFM tables, heading ids and page breaks, and rewrites policy links', () => {
    const r = renderMarkdown('## Key management\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n<div class="page-break"></div>\n\nSee [x](encryption.md#scope).', {
      rewriteLink: (href) => (href.startsWith('encryption.md') ? href.replace('encryption.md', '../encryption/') : undefined),
    });
    expect(r.html).toContain('<h2 id="key-management">Key management</h2>');
    expect(r.html).toContain('<td align="right">2</td>');
    expect(r.html).toContain('<div class="page-break"></div>');
    expect(r.html).toContain('<a href="../encryption/#scope">x</a>');
    expect(r.headings).toEqual([{ depth: 2, text: 'Key management', id: 'key-management' }]);
  });

  it('block-cached rendering gives exactly what rendering each body whole gives', () => {
    const dirs = [path.join(EXAMPLE_ROOT, 'policies'), path.join(PROJECT_ROOT, '../shared/corpus/comply-soc2/policies')];
    const renderer = new MarkdownRenderer();
    let compared = 0;
    for (const dir of dirs) {
      let files: string[];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.md'));
      } catch {
        continue; // the third-party corpus is not part of every checkout
      }
      for (const file of files) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const body = text.startsWith('---') ? splitFrontmatter(text).body : text.slice(text.indexOf('\n---') + 4);
        const whole = renderWhole(body);
        expect(renderer.render(body).html, file).toBe(whole); // new text: parsed whole, split into the block cache
        expect(renderer.render(body).html, `${file} (from the cache)`).toBe(whole);
        const edited = body.replace(/\n\n([^\n]+)\n\n/, '\n\nA paragraph written for this test.\n\n');
        expect(renderer.render(edited).html, `${file} (edited, mostly cached)`).toBe(renderWhole(edited));
        compared++;
      }
    }
    const tricky = ['1. a\n\n2. b\n\n   indented\n\n3. c', '```\ncode\n\nmore\n```\nafter', 'p\n\n[ref]\n\n[ref]: x.md', 'a[^1]\n\n[^1]: note',
      '<!--\n\n-->\ntext', '- a\n\n      code\n- b', 'x\n\f\ny', '> quote\n\n> again', 'Title\n===\n\ntext'];
    for (const body of tricky) expect(renderer.render(body).html, body).toBe(renderWhole(body));
    expect(compared).toBeGreaterThanOrEqual(15);
  });
});

describe('heading anchors', () => {
  it('are the same whether heading lines are read directly or parsed', () => {
    const lines = ['## Purpose', '## Foo ##', '## Foo#bar', '#', '##   Many   spaces  ', '## 1. Principles', '## Café au lait', '## a\tb',
      '## Foo #', '## #', '## *Emphasis* and `code`', '## [Link](x.md)', '## A &amp; B', '## Trailing\r', '### Purpose', 'Setext\n======',
      '## www.example.com and a@b.co', '## Quotes "double" and \'single\'', '## Back\\slash', '#### ~~gone~~ <b>bold</b>'];
    const body = lines.join('\n\n');
    expect([...bodyHeadingSlugs(body)]).toEqual([...headingSlugs(parseMarkdown(body))]);
    for (const file of readdirSync(path.join(EXAMPLE_ROOT, 'policies'))) {
      const { body: policy } = splitFrontmatter(readFileSync(path.join(EXAMPLE_ROOT, 'policies', file), 'utf8'));
      expect([...bodyHeadingSlugs(policy)], file).toEqual([...headingSlugs(parseMarkdown(policy))]);
    }
  });
});
