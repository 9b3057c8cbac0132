import { alignOf, dropSpacerRows, type TableModel } from './table-model.js';

/** A pipe table's separator line; pandoc also accepts `+` between columns (`|----+----|`). */
const SEPARATOR = /^ *\|? *:?-+:? *(?:[|+] *:?-+:? *)*\|? *$/;

/** Whether `lines[i]` starts a pipe table: a row with `|`, then a separator line. */
export function isPipeTableStart(lines: readonly string[], i: number): boolean {
  const head = lines[i];
  const sep = lines[i + 1];
  if (head === undefined || sep === undefined || !head.includes('|')) return false;
  return SEPARATOR.test(sep) && /[|+]/.test(sep);
}

/** Splits a row at unescaped `|`, without the outer pipes. */
export function splitPipeRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += s[i];
    }
  }
  cells.push(cell.trim());
  return cells;
}

/** Reads a pipe table: header, separator (with `|` or `+` between columns) and rows up to a line without `|`. */
export function readPipeTable(lines: readonly string[], start: number): { table: TableModel; end: number } {
  const header = splitPipeRow(lines[start]!);
  const sep = lines[start + 1]!.trim().replace(/^\||\|$/g, '').split(/[|+]/);
  const columns = header.length;
  let end = start + 2;
  const rows: string[][] = [];
  while (end < lines.length && lines[end]!.includes('|') && lines[end]!.trim() !== '') {
    const cells = splitPipeRow(lines[end]!).slice(0, columns);
    while (cells.length < columns) cells.push('');
    rows.push(cells);
    end++;
  }
  const align = Array.from({ length: columns }, (_, c) => alignOf(sep[c] ?? ''));
  return { table: { header, rows: dropSpacerRows(rows), align }, end };
}
