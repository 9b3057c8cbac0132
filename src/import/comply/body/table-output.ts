import { parseMarkdown } from '../../../markdown/parse.js';
import { renderMarkdown } from '../../../markdown/render.js';
import type { Align, TableModel } from './table-model.js';

/** How a table was written out. */
export type TableForm = 'gfm' | 'html';

/** Whether a cell's Markdown is more than one paragraph of inline text (lists, several paragraphs, code). */
function isBlockCell(markdown: string): boolean {
  if (markdown.trim() === '') return false;
  const blocks = parseMarkdown(markdown).children;
  return blocks.length > 1 || blocks[0]?.type !== 'paragraph';
}

/** One inline cell for a GFM table: its lines joined, pipes escaped. */
function gfmCell(markdown: string): string {
  return markdown.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')
    // "**Recovery Time**" over "**Requirements**" in a grid cell: one bold run.
    .replace(/\*\*\s+\*\*/g, ' ')
    .replace(/(?<!\\)\|/g, '\\|');
}

function htmlCell(markdown: string): string {
  if (markdown.trim() === '') return '';
  const html = renderMarkdown(markdown).html.trim();
  const single = /^<p>([\s\S]*)<\/p>$/.exec(html);
  const inner = single && !single[1]!.includes('<p>') ? single[1]! : html;
  // An HTML block ends at a blank line, so the cell must not hold one.
  return inner.replace(/\n\s*\n/g, '\n');
}

function alignAttr(a: Align): string {
  return a ? ` align="${a}"` : '';
}

/**
 * Writes a table as a GFM pipe table, or as an HTML table when GFM cannot hold it: a cell
 * with lists or several paragraphs, or no header row. `convertCell` turns a cell's pandoc
 * Markdown into GFM first (lists, escapes).
 */
export function writeTable(table: TableModel, convertCell: (markdown: string) => string): { lines: string[]; form: TableForm } {
  const header = table.header?.map(convertCell);
  const rows = table.rows.map((r) => r.map(convertCell));
  const all = [...(header ?? []), ...rows.flat()];
  if (header && !all.some(isBlockCell)) {
    const sep = table.align.map((a) => (a === 'center' ? ':---:' : a === 'left' ? ':---' : a === 'right' ? '---:' : '---'));
    const line = (cells: string[]) => `| ${cells.map(gfmCell).join(' | ')} |`;
    return { lines: [line(header), `| ${sep.join(' | ')} |`, ...rows.map(line)], form: 'gfm' };
  }
  const lines = ['<table>'];
  if (header) {
    lines.push('<thead>', '<tr>', ...header.map((c, i) => `<th${alignAttr(table.align[i])}>${htmlCell(c)}</th>`), '</tr>', '</thead>');
  }
  lines.push('<tbody>');
  for (const row of rows) lines.push('<tr>', ...row.map((c, i) => `<td${alignAttr(table.align[i])}>${htmlCell(c)}</td>`), '</tr>');
  lines.push('</tbody>', '</table>');
  return { lines: lines.flatMap((l) => l.split('\n')), form: 'html' };
}
