/** splitFrontmatter reads a file as splitting it into lines would, without splitting the body. */
import { expect, it } from 'vitest';
import { splitFrontmatter, type FrontmatterSplit } from '../src/repo/load/frontmatter.js';

/** The line-by-line definition. */
function reference(text: string): FrontmatterSplit {
  const lines = text.split('\n');
  const first = lines[0]?.replace(/\r$/, '');
  if (first === undefined || !/^---[ \t]*$/.test(first)) return { yaml: undefined, yamlLine: 0, body: text, bodyLine: 0, unterminated: false };
  for (let i = 1; i < lines.length; i++) {
    if (/^(---|\.\.\.)[ \t]*$/.test(lines[i]!.replace(/\r$/, ''))) {
      return { yaml: lines.slice(1, i).join('\n'), yamlLine: 1, body: lines.slice(i + 1).join('\n'), bodyLine: i + 1, unterminated: false };
    }
  }
  return { yaml: undefined, yamlLine: 1, body: text, bodyLine: 0, unterminated: true };
}

it('splits every arrangement of fences, line ends and empty parts as the line-by-line definition does', () => {
  const pieces = ['', '---', '--- ', '---\r', '...', 'a: b', 'c: d\r', '', 'body', '# T', '----', ' ---'];
  let n = 0;
  for (const a of pieces) for (const b of pieces) for (const c of pieces) for (const d of ['', '\n', 'x', '\ntext\n']) {
    for (const sep of ['\n', '\r\n']) {
      const text = [a, b, c].join(sep) + d;
      expect([text, splitFrontmatter(text)]).toEqual([text, reference(text)]);
      n++;
    }
  }
  expect(n).toBeGreaterThan(10_000);
});
