import { readFileSync } from 'node:fs';
import path from 'node:path';
import spec from 'commonmark-spec';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../src/repo/load/frontmatter.js';
import { fastMdast } from '../src/markdown/fast-parse.js';
import { renderWhole } from '../src/markdown/render.js';
import { EXAMPLE_ROOT, FIXTURES, markdownFiles } from './helpers/paths.js';

/** Renders with the fast front end where it applies and with remark alone; they must agree. */
function compare(cases: { name: string; markdown: string }[]): { fast: number; total: number } {
  let fast = 0;
  for (const { name, markdown } of cases) {
    if (fastMdast(markdown)) fast++;
    expect(renderWhole(markdown), name).toBe(renderWhole(markdown, { parser: 'remark' }));
  }
  return { fast, total: cases.length };
}


/** GFM and autolink cases beyond the CommonMark spec, as policies use them. */
const GFM = [
  '| a | b |\n|:-|-:|\n| 1 | 2 |\n| 3 |\n| 4 | 5 | 6 |',
  '| a | b |\n| --- | :---: |\n| `x \\| y` | **b** |\n\nafter',
  'a | b\n--|--\nc | d\ne',
  'para\n| a | b |\n|---|---|\n| 1 | 2 |',
  '| url | mail |\n|---|---|\n| https://x.com | a@b.com |',
  '~~gone~~ and ~~not\nacross~~ lines',
  'www.example.com and https://example.com/path?q=1. Also (https://example.com/x) and <https://a.b>.',
  'mail security@example.com, or security@example.com. foo@bar',
  '*https://example.com* and **www.example.com/path**',
  '[https://a.com] and (www.b.com) and "https://c.com" and https://d.com/path/. and https://e.com?',
  'see https://ex.com/a-b#frag, then www.x.org/;q and a.b@c.d.',
  '**Contact:** security@example.com or https://example.com/security.',
  'https://x.com\nwww.y.com\nz@w.com',
  '[a](https://x.com) https://x.com [b]',
  'Report to <security@example.com>, not to https://example.com/contact.',
  '# Title\n\nSome text with a [link](other.md#anchor) and ![img](x.png "t").\n\n---\n\n> quote\n> more\n\n1. one\n2. two\n\n   para\n\n- [link](a.md)\n- b\n',
  '```yaml\nkey: value\n```\n\n~~~\nplain\n~~~\n\n    indented\n\ntext',
  '<div class="x">\n\n**md inside**\n\n</div>\n\n<span onclick="x()">s</span> <a href="javascript:alert(1)">j</a> <img src=x onerror=alert(1)>',
  '* a\n* b\n\n  c\n* d',
  '- a\n  - b\n  - c\n- d',
  '3. start\n4. next',
  'Entity &copy; &#169; &nbsp; &notanentity; \\* escaped',
  `${'*a '.repeat(30)}thirty deep${' b*'.repeat(30)}`,
];

/** Texts the fast front end must leave to remark, because the two parsers read them differently. */
const REMARK_ONLY = [
  'A note.[^1]\n\n[^1]: The footnote.',
  'about ~5 days, at most ~10 days',
  '- [ ] to do\n- [x] done',
  'Visit http://x.y/*z*.',
  'www.commonmark.org/he<lp',
  'xmpp:foo@bar.baz and mailto:foo@bar.baz',
  'www.ex.com&amp;x',
  '<!-- a comment -->\n\ntext',
  '<pre>\ncode\n\nmore\n</pre>',
  '- ```\n  code\n  ```\n- ```\n  more\n  ```',
  '[ref][r] and [r]\n\n[r]: https://example.com "Title"',
  '>> deeper\nSetext\n    - four space',
  '    code\n\n2) two',
  '| `x\\|y` |\n---\n2) two',
  '```\n---\n  ',
  '[a]: <b> "t"\n    indented',
  'https://ex.com/p\n| - |',
  '* star\n<img src="a.png">',
  '>> deeper\n\t- tabbed',
  `${'> '.repeat(30)}nested thirty deep\n\nafter`,
  // Nesting near markdown-it's limit, where it would silently stop reading.
  `${'> '.repeat(60)}deep\n\nafter`,
  `${'*a '.repeat(60)}x${' b*'.repeat(60)}`,
];

/** Pieces of Markdown that random documents are made of: every block and inline construct, near-misses and edge cases. */
const PIECES = [
  '# H', '## Heading *em*', '### Title ###', '#hashtag', '  ## spaced', 'Title\n---', 'Setext', '===', '---', '***', '___', '* * *', '- - -',
  'para text', 'text with `code`', '**bold** and _it_', '~~del~~', '**a**b', 'a**b**', '__a__b', '*a*b*c*', '***x***', '_a_b_', 'foo_bar_baz',
  '*a **b** c*', '`a``b`', '`` a ` b ``', 'x<y', '1 < 2 > 0', '\\*not\\*', '\\# not heading', 'line  ', 'hard\\\nbreak', 'A\\', '&amp; &copy;',
  '&nbsp;&lt;&gt;&quot;', '&#x27;', '&#35;', '\u00a0nbsp', 'a\nb',
  '- item', '* star', '+ plus', '1. one', '2) two', '10. ten', '   - nested', '  - two space', '    - four space', '- a\n   - b\n      - c',
  '1. a\n   1. b', '* a\n\n  * b', '- a\n\n  b', '- ', '-', '1.', '- [x] done', '> quote', '>> deeper', '   > q', '> - q item', '> 1. q one',
  '>     code in quote', '- > quote in list', '    indented', '\t- tabbed', 'tab\there',
  '```', '~~~', '~~~js', '```js title', 'code here',
  '| a | b |', '|---|:-:|', '| 1 | 2 |', '| x | y | z |', '|:--|--:|:-:|', '|a|', '| - |', 'a | b', '--|--', '| `x\\|y` |',
  '<div>', '</div>', '<span>x</span>', '<b>bold</b>', '<details>', '<summary>s</summary>', '</details>', '<p align="center">x</p>',
  '<img src="a.png">', '<br>', '<table>', '<tr><td>c</td></tr>', '</table>', '<!-- c -->', '<?pi?>',
  '## Scope {#scope-2019}', '# T {#Bad}', '##NoSpace', '```code``` at the start', 'x {{ tag }} y', '{% hint %}', '![d](data:image/png;base64,iVBORw0KGgo=)',
  '![s](data:image/svg+xml;base64,PHN2Zz4=)', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', '![sp](<img/a b.png>)', '[f](forms/a%20b.pdf)', 'Text[^1]', '[^1]: note',
  '[link](u.md)', '[ref]', '[ref]: /url', '[a]: <b> "t"', '![img](p.png)', '[t](https://ex.com "title")', '[t](<a b>)', '[t]( u )', '![a *b*](x)',
  'https://ex.com/p', 'www.ex.org', 'me@ex.com', '<https://a.b>', '(https://ex.com/x).', 'https://ex.com/a?b=c.', 'see www.ex.com/path, and', 'x@y.z.',
  '', '', '', '  ',
];

/** Random documents from PIECES (a fixed seed, so a failure names a document that fails every time). */
function randomDocuments(count: number, seed: number): string[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(PIECES)).join(pick(['\n', '\n', '\n\n', ' '])));
}

describe('the fast Markdown front end (markdown-it to mdast)', () => {
  it('renders every CommonMark spec example it takes exactly as remark does', () => {
    const { fast, total } = compare(spec.tests.map((t) => ({ name: `spec example ${t.number} (${t.section})`, markdown: t.markdown.replace(/→/g, '\t') })));
    expect(total).toBe(652);
    expect(fast).toBeGreaterThanOrEqual(500);
  });

  it('renders GFM tables, strikethrough and literal autolinks as remark-gfm does', () => {
    const { fast, total } = compare(GFM.map((markdown, i) => ({ name: `GFM case ${i}: ${markdown}`, markdown })));
    expect(fast).toBe(total);
  });

  it('renders real policy sets as remark does (the example organisation, the comply SOC 2 theme, fixtures)', () => {
    const files = [path.join(EXAMPLE_ROOT, 'policies'), FIXTURES].flatMap(markdownFiles);
    const cases = files.map((file) => ({ name: file, markdown: splitFrontmatter(readFileSync(file, 'utf8')).body }));
    const { fast, total } = compare(cases);
    expect(total).toBeGreaterThan(100);
    expect(fast / total).toBeGreaterThan(0.9);
  });

  it('renders CRLF text as remark does, and as the same text with LF', () => {
    const files = markdownFiles(path.join(EXAMPLE_ROOT, 'policies'));
    const cases = files.map((file) => ({ name: `${file} (CRLF)`, markdown: splitFrontmatter(readFileSync(file, 'utf8')).body.replace(/\n/g, '\r\n') }));
    const { fast } = compare([...cases, { name: 'lone CR', markdown: 'a\rb\r\n\r\nc' }]);
    expect(fast).toBeGreaterThanOrEqual(cases.length);
    for (const { name, markdown } of cases) expect(renderWhole(markdown), name).toBe(renderWhole(markdown.replace(/\r\n/g, '\n')));
  });

  it('renders random documents made of Markdown constructs and near-misses as remark does', () => {
    const { fast, total } = compare(randomDocuments(2500, 20261125).map((markdown, i) => ({ name: `random document ${i}: ${JSON.stringify(markdown)}`, markdown })));
    expect(fast / total).toBeGreaterThan(0.5);
  });

  it('leaves to remark what the two parsers read differently', () => {
    for (const markdown of REMARK_ONLY) {
      expect(fastMdast(markdown), markdown).toBeUndefined();
      expect(renderWhole(markdown), markdown).toBe(renderWhole(markdown, { parser: 'remark' }));
    }
  });
});
