/**
 * Loading a repo and check's rules read links with the fast front end, and load remark and the
 * HTML parser only when a text needs them (this file imports nothing that loads them).
 */
import { expect, it } from 'vitest';
import { bodyHeadingSlugs, bodyLinks, FullParsersNeeded, withFullParsers } from '../src/markdown/link-scan.js';

it('reads links and heading anchors with the fast front end, and loads the complete parsers only when a text needs them', async () => {
  // Fast: which links there are, and anchors of headings with inline markup.
  expect(bodyLinks('See [a](a.md) and ![b](b.png).').map((l) => l.url)).toEqual(['a.md', 'b.png']);
  expect([...bodyHeadingSlugs('## The *scope* of it\n\ntext')]).toEqual(['the-scope-of-it']);
  // A position, a block the fast front end leaves to remark, raw HTML: not without the parsers.
  expect(() => bodyLinks('See [a](a.md).')[0]!.line).toThrow(FullParsersNeeded);
  expect(() => bodyLinks('- [ ] task [t](t.md)')).toThrow(FullParsersNeeded);
  expect(() => bodyLinks('<a href="x.md">x</a>')).toThrow(FullParsersNeeded);
  // withFullParsers loads them and asks again.
  expect((await withFullParsers(() => bodyLinks('- [ ] task [t](t.md)'))).map((l) => [l.url, l.line, l.column])).toEqual([['t.md', 1, 12]]);
  expect(bodyLinks('<a href="x.md">x</a>').map((l) => [l.url, l.html])).toEqual([['x.md', true]]);
  expect(bodyLinks('See [a](a.md).')[0]!.column).toBe(5);
});
