import { alignOf, dropSpacerRows, type Align, type SayProblem, type TableModel, type TableProblem } from './table-model.js';

const BORDER = /^ *\+(?:[-=:]+\+)+ *$/;

/** Whether a line is a pandoc grid table border (`+----+----+` or `+====+====+`). */
export function isGridBorder(line: string): boolean {
  return BORDER.test(line);
}

/**
 * Reads a pandoc grid table starting at a border line: the lines up to the first line that is
 * neither a border nor a row. Column edges come from the first border; rows whose `|` drifted
 * from those edges (hand-edited tables often do) are split at their `|` characters instead.
 */
export function readGridTable(lines: readonly string[], start: number, say: SayProblem): { table: TableModel; end: number; problems: TableProblem[] } {
  const indent = /^ */.exec(lines[start]!)![0].length;
  const first = lines[start]!.slice(indent).trimEnd();
  const edges = [...first].flatMap((ch, i) => (ch === '+' ? [i] : []));
  const columns = edges.length - 1;
  const problems: TableProblem[] = [];
  let end = start + 1;
  while (end < lines.length && /^ *[+|]/.test(lines[end]!)) end++;

  const groups: { cells: string[][]; headerEnd: boolean }[] = [];
  let current: string[][] | undefined;
  let headerSeen = false;
  let align: Align[] = segments(first).map(alignOf);
  for (let i = start + 1; i < end; i++) {
    const line = lines[i]!.slice(Math.min(indent, /^ */.exec(lines[i]!)![0].length)).trimEnd();
    if (isGridBorder(line)) {
      if (current) groups.push({ cells: current, headerEnd: false });
      current = undefined;
      if (line.includes('=') && !headerSeen && groups.length) {
        headerSeen = true;
        groups[groups.length - 1]!.headerEnd = true;
        const marked = segments(line).map(alignOf);
        if (marked.some(Boolean)) align = marked;
      }
      continue;
    }
    if (!line.startsWith('|')) {
      problems.push({ line: i - start, message: say('grid-stray-line') });
      continue;
    }
    current ??= Array.from({ length: columns }, () => []);
    const cells = splitRow(line, edges, columns);
    if (!cells) {
      problems.push({ line: i - start, message: say('grid-columns', { count: columns }) });
    }
    (cells ?? [line.replace(/^\||\|$/g, ''), ...Array<string>(columns - 1).fill('')]).forEach((cell, c) => current![c]!.push(cell));
  }
  if (current) {
    groups.push({ cells: current, headerEnd: false });
    problems.push({ line: end - 1 - start, message: say('grid-no-border') });
  }
  const headerIndex = groups.findIndex((g) => g.headerEnd);
  const toRow = (g: { cells: string[][] }) => g.cells.map(cellMarkdown);
  const header = headerIndex >= 0 ? mergeRows(groups.slice(0, headerIndex + 1).map((g) => g.cells)).map(cellMarkdown) : undefined;
  const rows = dropSpacerRows(groups.slice(headerIndex + 1).map(toRow));
  while (align.length < columns) align.push(undefined);
  return { table: { header, rows, align: align.slice(0, columns) }, end, problems };
}

function segments(border: string): string[] {
  return border.replace(/^\+|\+$/g, '').split('+');
}

/** Splits a row line at the first border's edges, else at its `|` characters. */
function splitRow(line: string, edges: number[], columns: number): string[] | undefined {
  const atEdges = edges.every((e, k) => line[e] === '|' || (k === columns && line.length <= e));
  const sliced = atEdges ? edges.slice(0, -1).map((e, k) => line.slice(e + 1, edges[k + 1])) : undefined;
  if (sliced && !sliced.some((c) => c.includes('|'))) return sliced;
  // A | inside a cell: the row's text ran past an edge, or the cell holds a pipe.
  const pieces = line.slice(1).split('|');
  while (pieces.length > columns && pieces[pieces.length - 1]!.trim() === '') pieces.pop();
  if (pieces.length === columns) return pieces;
  if (sliced) return sliced;
  if (pieces.length > columns) return undefined;
  while (pieces.length < columns) pieces.push('');
  return pieces;
}

function mergeRows(groups: string[][][]): string[][] {
  return groups[0]!.map((_, c) => groups.flatMap((g) => g[c]!));
}

/** A cell's lines as Markdown: trailing space trimmed, common indentation removed, outer blank lines dropped. */
function cellMarkdown(lines: string[]): string {
  const trimmed = lines.map((l) => l.trimEnd());
  const indents = trimmed.filter((l) => l !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const out = trimmed.map((l) => l.slice(cut));
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
