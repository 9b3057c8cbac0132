/**
 * Body links: which links a body has comes from the fast front end where it applies, their
 * positions from remark when asked for. Together they must be exactly what parsing every block
 * that may hold a link with remark gives.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topLevelBlocks } from '../src/markdown/blocks.js';
import { exceedsLimits } from '../src/markdown/limits.js';
import { fastMdast } from '../src/markdown/fast-parse.js';
import { bodyLinks, collectLinks, mayLink, simpleLinks, type BodyLink } from '../src/markdown/links.js';
import { parseMarkdown } from '../src/markdown/parse.js';
import { splitFrontmatter } from '../src/repo/load/frontmatter.js';
import { EXAMPLE_ROOT, FIXTURES, markdownFiles } from './helpers/paths.js';

const MAY_LINK = /\][([:]|<(?:a|img)\b/i;

/** The links of a body as remark alone finds them, block by block. */
function remarkLinks(body: string): BodyLink[] {
  if (!MAY_LINK.test(body) || exceedsLimits(body)) return [];
  return topLevelBlocks(body).filter((b) => MAY_LINK.test(b.text)).flatMap((b) =>
    collectLinks(parseMarkdown(b.text)).map((l) => ({ ...l, line: l.line + b.line, endLine: l.endLine + b.line })));
}

const plain = (links: readonly BodyLink[]) => links.map((l) => ({ ...l }));

const CASES = [
  'See [policy 8](policy-8.md#purpose) and [policy 14](policy-14.md).',
  'An image ![diagram](img/flow.png "Flow") and a [form](forms/request.pdf).\n\n## Next\n\n[x](#next)',
  '- [a](a.md)\n- [b](b.md)\n\n  continued [c](c.md)\n\npara [d](d.md#x)',
  '| a | b |\n|---|---|\n| [x](x.md) | ![i](i.png) |',
  '<a href="x.md">x</a> and <img src="y.png"> inline',
  '<div>\n<a href="forms/a.pdf">A</a>\n<img src="b.png" alt="">\n</div>\n\ntext [after](after.md)',
  'Visit https://example.com/a and [here](here.md) and <https://x.y>.',
  'mail security@example.com and [report](report.md)',
  '[ref][r] and [r]\n\n[r]: https://example.com "Title"',
  'A footnote.[^1] with [a link](a.md)\n\n[^1]: [note](n.md)',
  '- [ ] task with [link](t.md)\n- [x] done',
  '> quote with [link](q.md)\n> > nested ![i](n.png)',
  '```\n[not a link](x.md)\n```\n\n[real](r.md)',
  '**[bold link](b.md)** and *![em img](e.png)*',
  '[a](<with space.md>) [b](c.md "t") [c](d.md \'t\') [e](f.md (t))',
  'text\\[not](x.md) and [yes](\\(y\\).md)',
  '[outer ![inner](i.png)](o.md)',
  '~single~ strike [s](s.md)',
];

describe('bodyLinks', () => {
  it('finds what remark finds, at the same positions, in hand-written cases', () => {
    // Most cases take the fast front end (the rest are ones it leaves to remark).
    expect(CASES.filter((c) => fastMdast(c)).length).toBeGreaterThan(CASES.length / 2);
    for (const body of CASES) {
      const links = bodyLinks(body);
      expect(plain(links), body).toEqual(remarkLinks(body));
    }
  });

  it('finds what remark finds in every Markdown file of the fixtures and the example', () => {
    let count = 0;
    for (const file of [...markdownFiles(FIXTURES), ...markdownFiles(EXAMPLE_ROOT)]) {
      const text = readFileSync(file, 'utf8');
      const body = splitFrontmatter(text).body;
      const expected = remarkLinks(body);
      count += expected.length;
      expect(plain(bodyLinks(body)), file).toEqual(expected);
    }
    expect(count).toBeGreaterThan(100);
  });

  it('reads simple links without parsing exactly as remark finds them, or leaves the text to the parsers', () => {
    const pieces = [
      '[a](a.md)', '![i](i.png)', '[](e.md)', '[x y](x_y.md#frag)', '[a](b]c)', '[a](b[c)', '[a](b))', '([a](b.md))', '!![a](b)', '[a]()', '[a] (b)',
      '[a](b "t")', '[a](<b>)', '[a](b\\)c)', '[a](b&amp;c)', '[a](https://x.y)', '[*a*](b)', '[a_b](c)', '*[a](b)*', '**[a](b)**', '_x_ [a](my_file.md) *y*',
      '[a](b)[c]', '[a][b]', '[x]: y', '[^1]', '- [ ] t', '`[a](b)`', '<a href="b">', 'x\\[a](b)', 'a@b.c', 'www.x.y', '~~s~~', '| [a](b) |',
      '# [a](b) #', 'Title [a](b)\n===', '> [a](b)\n> > [c](d)', '- [a](b)\n  - [c](d)', '    [a](b)', '1. [a](b)\n\n   [c](d)', '[a\nb](c)', '[a](b\nc)',
      '\t[a](b)', 'text: [a](mailto:me)', '[a](b) and [c](d) and ![e](f)', '* * *\n[a](b)', '[(a)](b)', '[a](b*c*)', '[!](x)',
    ];
    let simple = 0;
    for (const a of pieces) for (const b of ['', ' and [z](z.md)', '\n\nafter [q](q.md)']) {
      const text = `${a}${b}`;
      const found = simpleLinks(text);
      if (!found) continue;
      simple++;
      expect([text, found], text).toEqual([text, collectLinks(parseMarkdown(text)).map(({ url, kind, html }) => ({ url, kind, html }))]);
    }
    expect(simple).toBeGreaterThan(40);
  });

  it('tells text that may hold a link as the regular expression does', () => {
    const texts = ['', ']', '](', '][', ']:', '] (', 'a]b', '<a', '<A href', '<a>', '<ab', '<img', '<IMG src', '<imgs', '<i', '<a-b', '<a_b', 'x <a', '<<a ', ']]:', '<br> <a9', '<im g', ...CASES];
    for (const t of texts) expect(mayLink(t), t).toBe(MAY_LINK.test(t));
  });

  it('reads URLs without positions, and positions on demand', () => {
    const body = 'Intro.\n\nSee [one](one.md) and\n[two](two.md#x).';
    const links = bodyLinks(body);
    expect(links.map((l) => l.url)).toEqual(['one.md', 'two.md#x']);
    expect(links[1]!.line).toBe(4);
    expect(links[1]!.column).toBe(1);
    expect(links[0]!.line).toBe(3);
    expect(links[0]!.column).toBe(5);
  });
});
