/** The fast reader for plain YAML gives exactly what the yaml package gives, or gives up. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../src/repo/load/frontmatter.js';
import { parsePlainYaml } from '../src/repo/load/plain-yaml.js';
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
    ];
    for (const text of cases) expect([text, parsePlainYaml(text)]).toEqual([text, full(text)]);
  });

  it('gives up on anything else, so the full parser (with its errors and positions) decides', () => {
    for (const text of [
      'a: 1', 'a: 1.5', 'a: 0x1F', 'a: .inf', 'a: &x b\nc: *x', 'a: !tag b', 'a: |\n  block', 'a: >\n  folded',
      'a: b\na: c', '"a": b', 'a: "esc\\n"', 'a: [x, [y]]', 'a: {x: y}', 'a:\n\tb: c', '---\na: b', 'a: b\n  c', 'a: b: c',
      '__proto__: x', 'a: [x,\n  y]', 'a: \'open', '? complex', 'true: x', 'a: [x, , y]',
    ]) {
      expect([text, parsePlainYaml(text)]).toEqual([text, undefined]);
    }
  });
});
