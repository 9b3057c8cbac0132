/** The fast reader for plain YAML gives exactly what the yaml package gives, or gives up. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../src/repo/load/frontmatter.js';
import { parsePlainYaml } from '../src/core/yaml/plain-yaml.js';
import { EXAMPLE_ROOT, FIXTURES, markdownFiles, PROJECT_ROOT } from './helpers/paths.js';


const full = (text: string) => parse(text, { schema: 'core', version: '1.2', uniqueKeys: true, merge: false, strict: true });

describe('plain YAML', () => {
  it('reads rosters and the built-in catalogues exactly as the yaml package does', () => {
    const catalogues = ['soc2.yaml', 'iso27001.yaml'].map((f) => path.join(PROJECT_ROOT, 'catalogues', f));
    for (const file of [path.join(EXAMPLE_ROOT, 'people.yaml'), path.join(FIXTURES, 'check', 'clean', 'people.yaml'), ...catalogues]) {
      const text = readFileSync(file, 'utf8');
      expect(parsePlainYaml(text)).toEqual(full(text));
    }
  });

  it('reads every message catalogue exactly as the yaml package does (each command reads one at start)', () => {
    const dir = path.join(PROJECT_ROOT, 'messages');
    for (const locale of readdirSync(dir).filter((name) => !name.includes('.'))) {
      for (const f of readdirSync(path.join(dir, locale)).filter((name) => name.endsWith('.yaml'))) {
        const text = readFileSync(path.join(dir, locale, f), 'utf8');
        expect([`${locale}/${f}`, parsePlainYaml(text)]).toEqual([`${locale}/${f}`, full(text)]);
      }
    }
  });

  it('reads policy frontmatter (the example organisation, fixtures, the comply import) as the yaml package does, or gives up', () => {
    const files = [path.join(EXAMPLE_ROOT, 'policies'), FIXTURES].flatMap(markdownFiles);
    let plain = 0;
    for (const file of files) {
      const { yaml } = splitFrontmatter(readFileSync(file, 'utf8'));
      if (yaml === undefined) continue;
      const fast = parsePlainYaml(yaml);
      if (fast === undefined) continue;
      plain++;
      expect([file, fast]).toEqual([file, full(yaml)]);
    }
    expect(plain).toBeGreaterThan(50);
  });

  it('matches the yaml package on the plain forms it accepts', () => {
    const cases = [
      'a: 1st floor\nb: 2019-04-01\nc: O\'Brien # comment\nd: C#\ne: ~\nf: True\ng: null\nh:\n',
      'list:\n- x\n- "y z"\n-   \'it\'\'s\'\nnested:\n  deeper:\n    - k: v\n      l: [a, "b, c", \'d\']\n    -\n      m: n\n',
      'people:\n  - id: a\n    roles: []\n    groups: [x, y]   # trailing\n  - id: b\n    roles:\n    - CEO\n',
      'key: value with: no space issue\n'.replace('with: no', 'with:no'),
      'a: "quoted # not a comment"\nb: plain#hash\n',
      'a: 1\nb: -0\nc: +5\nd: 007\ne: 12345678901234567890\nf: [1, -2, 3x, "4"]\ng: 30 # days\n- 1\n'.replace('- 1\n', ''),
      'list:\n- 1\n- -1\n- 1st\n',
      'a: "say \\"hi\\" to \\\\ them"\n"null": x\n\'yes\': "y"\n"b c": [1]\nd: ["q\\"", \'r\']\n',
    ];
    for (const text of cases) expect([text, parsePlainYaml(text)]).toEqual([text, full(text)]);
  });

  it('reads literal and folded block scalars as the yaml package does, or gives up', () => {
    const headers = ['>', '>-', '|', '|-', '>+', '|+', '>2', '| # note', '>- # note', '>-x'];
    const bodies = [
      ['one line'], ['first line', 'second line'], ['a', '', 'b'], ['a', '', '', 'b', 'c'], ['a', '# not a comment', 'key: not a key'],
      ['a', '  more indented', 'b'], ['trailing space ', 'x'], ['a', '   ', 'b'], ['', 'leading blank'], ['a', ''], ['a', '', ''],
      ['- not a list', '[not, flow]'], ['a  b   c', 'd'],
    ];
    const contexts: ((header: string, lines: string[]) => string)[] = [
      (h, l) => `key: ${h}\n${l.map((x) => (x ? `  ${x}` : '')).join('\n')}\nnext: v\n`,
      (h, l) => `key: ${h}\n${l.map((x) => (x ? ` ${x}` : '')).join('\n')}\n`,
      (h, l) => `key: ${h}\n${l.map((x) => (x ? `    ${x}` : '')).join('\n')}\n# a comment\nnext: v\n`,
      (h, l) => `key: ${h}\n${l.map((x) => (x ? `  ${x}` : '')).join('\n')}`,
      (h, l) => `- id: a\n  text: ${h}\n${l.map((x) => (x ? `    ${x}` : '')).join('\n')}\n  owner: b\n\n- id: c\n  text: ${h}\n${l.map((x) => (x ? `    ${x}` : '')).join('\n')}\n`,
      (h, l) => `- ${h}\n${l.map((x) => (x ? `  ${x}` : '')).join('\n')}\n- plain\n`,
      (h, l) => `- ${h}\n${l.map((x) => (x ? ` ${x}` : '')).join('\n')}\n`,
      (h, l) => `list:\n  - ${h}\n${l.map((x) => (x ? `      ${x}` : '')).join('\n')}\n  - x\nafter: ${h}\n${l.map((x) => (x ? `  ${x}` : '')).join('\n')}\n`,
      (h, l) => `key: ${h}\n${l.map((x) => (x ? `  ${x}` : '')).join('\n')}\n  # lower comment\n`,
      (h, l) => `key: ${h}\n${l.map((x) => (x ? `  ${x}` : '')).join('\n')}\n bad: indent\n`,
      (h, l) => `key: ${h}\r\n${l.map((x) => (x ? `  ${x}` : '')).join('\r\n')}\r\nnext: v\r\n`,
    ];
    let read = 0;
    let cases = 0;
    for (const h of headers) for (const b of bodies) for (const c of contexts) {
      const text = c(h, b);
      const fast = parsePlainYaml(text);
      cases++;
      if (fast === undefined) continue;
      read++;
      expect([text, fast]).toEqual([text, full(text)]);
    }
    expect(read).toBeGreaterThan(cases / 5);
  });

  it('reads the example\'s and the fixtures\' controls and catalogues as the yaml package does, or gives up', () => {
    const files = [path.join(EXAMPLE_ROOT, 'controls'), path.join(FIXTURES, 'check'), path.join(PROJECT_ROOT, 'messages')]
      .flatMap((dir) => readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f) && !f.includes('alias-bomb')).map((f) => path.join(dir, f)));
    let plain = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let expected: unknown;
      try {
        expected = full(text);
      } catch {
        expect([file, parsePlainYaml(text)]).toEqual([file, undefined]);
        continue;
      }
      const fast = parsePlainYaml(text);
      if (fast === undefined) continue;
      plain++;
      expect([file, fast]).toEqual([file, expected]);
    }
    expect(plain).toBeGreaterThan(40);
  });

  it('gives up on anything else, so the full parser (with its errors and positions) decides', () => {
    for (const text of [
      'a: 1.5', 'a: 0x1F', 'a: 1e3', 'a: 0o17', 'a: .inf', 'a: &x b\nc: *x', 'a: !tag b', 'a: |\n  block', 'a: >\n  folded',
      'a: b\na: c', '"a": b\na: c', '"a\\"": b', 'a: "esc\\n"', 'a: "tab\\t"', 'a: "end\\"', '- "k": v', 'a: [x, [y]]', 'a: {x: y}', 'a:\n\tb: c', '---\na: b', 'a: b\n  c', 'a: b: c',
      '__proto__: x', 'a: [x,\n  y]', 'a: \'open', '? complex', 'true: x', 'a: [x, , y]',
    ]) {
      expect([text, parsePlainYaml(text)]).toEqual([text, undefined]);
    }
  });
});
