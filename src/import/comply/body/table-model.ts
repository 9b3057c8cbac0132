/** Column alignment from a table's separator line. */
export type Align = 'left' | 'center' | 'right' | undefined;

/** A table read from pandoc Markdown: each cell is the Markdown it holds. */
export interface TableModel {
  /** The header row, or undefined for a headerless table. */
  header: string[] | undefined;
  rows: string[][];
  align: Align[];
}

/** A problem found while reading a table, at a line relative to the table's first line. */
export interface TableProblem {
  line: number;
  message: string;
}

/** Says a message of `import.comply` in the reader's language. */
export type SayProblem = (key: string, values?: Record<string, string | number>) => string;

/** The alignment a separator segment such as `:---:` gives. */
export function alignOf(segment: string): Align {
  const s = segment.trim();
  const left = s.startsWith(':');
  const right = s.endsWith(':') && s.length > 1;
  return left && right ? 'center' : left ? 'left' : right ? 'right' : undefined;
}

/**
 * Drops rows with no text when the table has rows with text: comply's grid tables use empty
 * rows as spacers between entries. A table whose rows are all empty is a form to fill in
 * ("Internal Contacts"), so its rows stay.
 */
export function dropSpacerRows(rows: string[][]): string[][] {
  const empty = (row: string[]) => row.every((c) => c.trim() === '');
  return rows.some((r) => !empty(r)) ? rows.filter((r) => !empty(r)) : rows;
}
