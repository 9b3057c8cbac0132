/**
 * A body is stringified once, with holes each page fills in (src/render/data/body-html.ts): the
 * filled-in HTML must be what transforming the tree for that page and stringifying it gives.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { MarkdownRenderer } from '../src/markdown/render.js';
import { bodyParts, escapeAttribute, fillBody, pageNode, type BodyPageValues } from '../src/render/data/body-html.js';
import { bodyTree, renderBody } from '../src/render/data/render-job.js';
import { FIXTURES, markdownFiles } from './helpers/paths.js';

/** Bodies with every kind of hole, nested and side by side, and text that looks like a hole's mark. */
const BODIES = [
  `# Title\n\n## First\n\nSee [access](access-control.md#key "Keys") and [gone](gone.md) and [top](/policies/encryption.md).\n\n### Sub & more "quoted"\n\n| a | b |\n|---|---|\n| [x](access-control.md) | ![chart](img/chart.png) |\n`,
  `[![logo](img/logo.png)](forms/form.pdf) then ![remote](https://example.com/a.png) and ![proto](//cdn.example/b.png)\n\n[a form](forms/form.pdf) [missing](forms/missing.pdf)\n`,
  `<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>\n\n<a href="forms/form.pdf"><table><tr><td>in a link</td></tr></table></a>\n\n| t |\n|---|\n| 1 |\n`,
  `Text with marks that are no holes: \uE000abc0\uE001 and \uE0000\uE001 and precept-link:0 and precept-asset:0.\n\n[raw marker](precept-link:7) <img src="precept-asset:9" alt="raw">\n`,
  `## Heading with [a link](encryption.md#kéy's) inside\n\n- item ![alt with "quotes" & amp](img/q.png)\n`,
];

const renderer = new MarkdownRenderer();

/** What a page shows, from a fixed set of choices. */
function pageValues(root: string, links: readonly unknown[], assets: readonly string[], published: (file: string) => string | undefined, remoteImages: 'block' | 'allow'): BodyPageValues {
  return {
    policyHref: (n) => (links[n] === undefined ? undefined : `${root}policies/p${n}/index.html#frag'"&${n}`),
    assetHref: (n) => {
      const file = assets[n];
      const url = file === undefined ? undefined : published(file);
      return url === undefined ? undefined : `${root}${url}`;
    },
    remoteImages,
    labels: { anchor: 'Link to "this" & that', table: (n) => `Table ${n} <wide> & 'scrolling'`, blockedImage: (alt) => `Not shown: ${alt} & "why"` },
  };
}

function direct(tree: Root, values: BodyPageValues): string {
  const state = { tables: 0 };
  return toHtml({ type: 'root', children: tree.children.map((c) => (c.type === 'doctype' ? c : pageNode(c, values, state))) });
}

describe('a body stringified once for all its pages', () => {
  const corpus = markdownFiles(path.join(FIXTURES, 'content', 'cases')).map((f) => readFileSync(f, 'utf8'));
  const cases = [...BODIES, ...corpus];

  it('fills in to what each page would stringify itself', () => {
    let holes = 0;
    for (const text of cases) {
      const body = renderBody(renderer, text, 'policies');
      const { tree } = bodyTree(renderer, text, 'policies');
      for (const root of ['../../', '../../../../', '']) {
        for (const published of [(f: string) => `files/${f.replace(/[^a-z.]/gi, '_')}?a=1&b="2"`, () => undefined, (f: string) => (f.includes('logo') ? 'files/logo.png' : undefined)]) {
          for (const remote of ['block', 'allow'] as const) {
            const values = pageValues(root, body.links, body.assets, published, remote);
            expect(fillBody(body.html, values)).toBe(direct(tree, values));
          }
        }
      }
      holes += body.html.filter((p) => typeof p !== 'string').length;
    }
    expect(holes).toBeGreaterThan(40);
  });

  it('leaves to the page each image and link to a file, and each remote image, whole', () => {
    const body = renderBody(renderer, BODIES[1]!, 'policies');
    const nodes = body.html.filter((p) => typeof p !== 'string' && 'node' in p);
    // The linked logo (one hole with its image inside), the two remote images and the two links to files.
    expect(nodes).toHaveLength(5);
  });

  it('escapes attribute values as hast-util-to-html does', () => {
    const value = `a"b&c'd\`e\0f<g>h é`;
    expect(toHtml({ type: 'element', tagName: 'a', properties: { title: value }, children: [] })).toBe(`<a title="${escapeAttribute(value)}"></a>`);
  });

  it('takes nothing in the text for a hole', () => {
    const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: '\uE000deadbeef0\uE001 precept-link:0' }] }] };
    expect(bodyParts(tree, [], [])).toEqual(['<p>\uE000deadbeef0\uE001 precept-link:0</p>']);
  });
});
