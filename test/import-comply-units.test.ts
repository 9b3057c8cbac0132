/** The pieces of `precept import comply`: comply's split, cron, dates, template fields and the pandoc-to-GFM conversion. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { convertPandocBody } from '../src/import/comply/body/convert.js';
import { readListMarker } from '../src/import/comply/body/list-marker.js';
import { readComplyCron } from '../src/import/comply/cron.js';
import { FINDING_IDS } from '../src/import/comply/findings.js';
import { parseRevisionDate } from '../src/import/comply/revision-date.js';
import { splitComplyDocument } from '../src/import/comply/split.js';
import { fillTemplateFields } from '../src/import/comply/template-fields.js';
import { renderMarkdown } from '../src/markdown/render.js';

const gfm = (...lines: string[]) => convertPandocBody(lines.join('\n')).markdown;

describe('splitting a comply document', () => {
  it('splits at the first --- anywhere, as strings.Split does, and keeps later ones in the body', () => {
    const s = splitComplyDocument('name: A\nacronym: AP\n---\n# Body\n\n+---+\n| x |\n+---+\n')!;
    expect(s.yaml).toBe('name: A\nacronym: AP\n');
    expect(s.body).toBe('\n# Body\n\n+---+\n| x |\n+---+\n');
    expect(s.bodyLine).toBe(2);
    expect(s.midLine).toBeUndefined();
    expect(s.openingFence).toBe(false);
  });

  it('reports a --- inside a line, where comply still splits', () => {
    const s = splitComplyDocument('name: A---B\n---\nbody')!;
    expect(s.yaml).toBe('name: A');
    expect(s.body).toBe('B\n---\nbody');
    expect(s.midLine).toEqual({ line: 1, column: 8 });
  });

  it('reads a file opening with --- as frontmatter; refuses one without any ---', () => {
    const s = splitComplyDocument('---\nname: A\n---\nbody\n')!;
    expect([s.yaml, s.body, s.yamlLine, s.bodyLine, s.openingFence]).toEqual(['name: A\n', '\nbody\n', 1, 2, true]);
    expect(splitComplyDocument('name: A\n\nbody only\n')).toBeUndefined();
  });
});

describe('comply cron schedules', () => {
  const cases: [string, string, string][] = [
    ['0 0 0 15 * *', 'monthly', '0 0 15 * *'],
    ['0 0 0 15 4 *', 'annual', '0 0 15 4 *'],
    ['0 0 0 1 */3 *', 'quarterly', '0 0 1 */3 *'],
    ['0 0 0 1 1,7 ?', 'semiannual', '0 0 1 1,7 *'],
    ['0 30 9 * * MON', 'weekly', '30 9 * * MON'],
    ['0 0 9 * * 1-5', 'daily', '0 9 * * 1-5'],
    ['0 0 * * * *', 'continuous', '0 * * * *'],
    ['0 0 0 1 1', 'annual', '0 0 1 1 *'],
    ['@monthly', 'monthly', '@monthly'],
    ['@every 168h', 'weekly', '@every 168h'],
  ];
  for (const [cron, frequency, schedule] of cases) {
    it(`${cron} -> ${frequency}`, () => {
      expect(readComplyCron(cron)).toMatchObject({ ok: true, frequency, schedule });
    });
  }
  it('reports what comply could not run either', () => {
    expect(readComplyCron('0 0 15 * * * *')).toMatchObject({ ok: false, reason: expect.stringMatching(/has 7/) });
    expect(readComplyCron('0 0 0 31 2 *')).toEqual({ ok: false, reason: 'it never fires' });
    expect(readComplyCron('0 0 25 * * *')).toEqual({ ok: false, reason: 'hour 25 is outside 0-23' });
    expect(readComplyCron('@fortnightly')).toMatchObject({ ok: false });
  });
});

describe('comply revision dates', () => {
  it('reads whole, unambiguous days', () => {
    expect(['Jun 1 2018', 'June 1, 2018', '1 Jun 2018', 'Sept 3rd 2019', '2018-06-01', '2018/6/1'].map(parseRevisionDate))
      .toEqual(['2018-06-01', '2018-06-01', '2018-06-01', '2019-09-03', '2018-06-01', '2018-06-01']);
  });
  it('refuses the rest rather than guessing', () => {
    expect(['06/01/2018', 'Jun 2018', 'Q3 2018', 'Feb 30 2018', 'Ju 1 2018', ''].map(parseRevisionDate)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('comply template fields', () => {
  it('fills the organisation fields, trims like Go and drops comments', () => {
    const r = fillTemplateFields('{{.Name}} runs {{ .Project.Name }}; {{.Project.OrganizationName}}.\nA  {{- .Name -}}  B{{/* note */}}', { organization: 'Acme' });
    expect(r.text).toBe('Acme runs Acme Compliance Program; Acme.\nAAcmeB');
    expect(r.filled).toBe(5);
    expect(r.unfilled).toEqual([]);
  });
  it('keeps anything else as written and says why', () => {
    const r = fillTemplateFields('x {{.Stats.ControlsTotal}} y {{range .Policies}}z{{end}}', { organization: 'Acme' });
    expect(r.text).toBe('x {{.Stats.ControlsTotal}} y {{range .Policies}}z{{end}}');
    expect(r.unfilled.map((u) => [u.offset, u.reason])).toEqual([
      [2, 'unknown field .Stats.ControlsTotal'],
      [29, 'template logic (ranges, conditions, functions) is not imported'],
      [49, 'template logic (ranges, conditions, functions) is not imported'],
    ]);
  });
});

describe('pandoc lists', () => {
  it('reads markers as pandoc does', () => {
    expect(readListMarker('a. x')).toMatchObject({ kind: 'ordered', styles: ['lower-alpha'], values: [1], content: 'x' });
    expect(readListMarker('    i. x')).toMatchObject({ indent: 4, styles: ['lower-roman', 'lower-alpha'], values: [1, 9] });
    expect(readListMarker('(iv) x')).toMatchObject({ delimiter: '()', styles: ['lower-roman'], values: [4] });
    expect(readListMarker('B. Russell wrote')).toBeUndefined();
    expect(readListMarker('B.  Second item')).toMatchObject({ styles: ['upper-alpha'], values: [2] });
    expect(readListMarker('e.g. this')).toBeUndefined();
    expect(readListMarker('mix. of words')).toBeUndefined();
  });

  it('nests by indentation, numbers from the first marker and continues a style across items', () => {
    expect(gfm('a. One', '', '    i. Sub', '', '    i. Sub two', '        1. Deep', '', 'a. Two', 'lazy line')).toBe([
      '1. One', '', '   1. Sub', '', '   2. Sub two', '      1. Deep', '', '2. Two', '   lazy line', ''].join('\n'));
  });

  it('starts a new list where pandoc does: another style at the same level, or after other blocks', () => {
    expect(gfm('a. One', '', '1. Decimal', '', 'Text', '', 'c. Third')).toBe(['1. One', '', '1) Decimal', '', 'Text', '', '3. Third', ''].join('\n'));
    expect(renderMarkdown(gfm('a. One', '', '1. Decimal')).html).toBe('<ol>\n<li>One</li>\n</ol>\n<ol>\n<li>Decimal</li>\n</ol>');
  });

  it('needs a blank line before a list after a paragraph, as pandoc does, escaping what GFM would read as blocks', () => {
    expect(gfm('Text line', 'a. not an item', '- not a bullet', '1. not a number', '# not a heading')).toBe(
      ['Text line', 'a. not an item', '\\- not a bullet', '1\\. not a number', '\\# not a heading', ''].join('\n'));
  });

  it('separates a nested list that does not start at 1 so GFM does not read it as text', () => {
    expect(gfm('a. One', '    c. Third')).toBe(['1. One', '', '   3. Third', ''].join('\n'));
  });
});

describe('pandoc tables and other blocks', () => {
  it('turns a grid table into a GFM table with alignment, spacer rows dropped', () => {
    expect(gfm(
      '+-----+------+',
      '| **A**| B    |',
      '| **x**|      |',
      '+====:+:====:+',
      '| 1   | two  |',
      '|     | lines|',
      '+-----+------+',
      '|     |      |',
      '+-----+------+',
      '| 3   | a|b  |',
      '+-----+------+',
    )).toBe(['| **A x** | B |', '| ---: | :---: |', '| 1 | two lines |', '| 3 | a\\|b |', ''].join('\n'));
  });

  it('writes an HTML table when a cell holds a list, or there is no header', () => {
    const html = gfm(
      '+------------+-------+',
      '| Steps      | Who   |',
      '+============+=======+',
      '| - one      | Ops   |',
      '| - two      |       |',
      '+------------+-------+',
    );
    expect(html).toBe('<table>\n<thead>\n<tr>\n<th>Steps</th>\n<th>Who</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><ul>\n<li>one</li>\n<li>two</li>\n</ul></td>\n<td>Ops</td>\n</tr>\n</tbody>\n</table>\n');
    expect(renderMarkdown(html).text.replace(/\s+/g, ' ')).toBe('Steps Who one two Ops');
    expect(gfm('+---+---+', '| a | b |', '+---+---+')).toContain('<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>');
  });

  it('fixes pipe tables whose separator uses +', () => {
    expect(gfm('|A|B|', '|----+---:|', '| 1 | 2 |')).toBe('| A | B |\n| --- | ---: |\n| 1 | 2 |\n');
  });

  it('turns \\pagebreak into the page-break marker and reports other raw LaTeX', () => {
    const r = convertPandocBody(['a. One', '', ' \\pagebreak ', '', 'a. Again', '\\vspace{2em}', '\\newpage'].join('\n'));
    expect(r.markdown).toBe(['1. One', '', '<div class="page-break"></div>', '', '1. Again', '', '<div class="page-break"></div>', ''].join('\n'));
    expect(r.problems).toEqual([{ line: 5, column: 1, ruleId: 'comply-latex', message: 'raw LaTeX "\\vspace{2em}" only meant something in comply\'s pandoc PDFs; left out', hint: 'replace it with Markdown, or delete it' }]);
    expect(renderMarkdown(r.markdown).html).toContain('<div class="page-break"></div>');
  });

  it('keeps placeholders in angle brackets visible and code untouched', () => {
    expect(gfm('Mail <insert email address here> or <b>x</b> `<code>`', '', '```', '<keep>', '```')).toBe(
      'Mail \\<insert email address here> or <b>x</b> `<code>`\n\n```\n<keep>\n```\n');
  });

  it('reports a cramped #Heading and pandoc heading attributes', () => {
    const r = convertPandocBody('#Policy\n\n## Scope {#scope}\n');
    expect(r.markdown).toBe('# Policy\n\n## Scope\n');
    expect(r.problems.map((p) => [p.line, p.ruleId])).toEqual([[0, 'comply-markdown'], [2, 'comply-markdown']]);
  });
});

describe('the migration guide', () => {
  it('names every finding id the import can report', async () => {
    const readme = await readFile(new URL('../docs/migrating-from-comply.md', import.meta.url), 'utf8');
    for (const id of Object.keys(FINDING_IDS)) expect(readme, id).toContain(`\`${id}\``);
  });
});
