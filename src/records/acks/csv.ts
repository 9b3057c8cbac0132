import { PreceptError } from '../../core/errors.js';
import { sayIn } from '../../core/i18n/messages.js';

/** The largest CSV file an import reads (an LMS export of 100,000 rows is a few MiB). */
export const CSV_MAX_BYTES = 64 * 1024 * 1024;

/** One field of a CSV row and where it starts in the file (1-based). */
export interface CsvCell {
  value: string;
  line: number;
  column: number;
}

/** One record of a CSV file: its cells and the line it starts on. */
export interface CsvRow {
  line: number;
  cells: CsvCell[];
}

/** A CSV file read into rows, or the first place it could not be read. */
export type CsvParse =
  | { ok: true; delimiter: string; header: CsvRow; rows: CsvRow[] }
  | { ok: false; line: number; column: number; message: string };

/**
 * A CSV file an import was given, decoded and parsed: refused above CSV_MAX_BYTES (an error,
 * naming the limit), and the first place it cannot be read when it is not UTF-8 or not CSV,
 * said in `locale` (the repo's language).
 */
export function readCsvFile(file: string, bytes: Uint8Array, delimiter?: string, locale = 'en'): CsvParse & { hint?: string } {
  if (bytes.length > CSV_MAX_BYTES) {
    throw new PreceptError(sayIn(locale, 'csv-import.csv.too-large', { file, size: bytes.length, limit: CSV_MAX_BYTES, mib: CSV_MAX_BYTES / 2 ** 20 }), { exitCode: 1, locale });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, line: 1, column: 1, message: sayIn(locale, 'csv-import.csv.not-utf8'), hint: sayIn(locale, 'csv-import.csv.not-utf8-hint') };
  }
  return parseCsv(text, delimiter, locale);
}

/** The separator a header line uses most, outside quotes: comma, semicolon or tab. */
export function guessDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  let quoted = false;
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/**
 * Parses CSV as RFC 4180 writes it, and as spreadsheets export it: quoted fields with doubled
 * quotes, line breaks inside quotes, CRLF or LF, a byte-order mark. Blank lines are skipped.
 * The first record is the header. Every cell keeps its line and column for diagnostics, and
 * what cannot be read is said in `locale`.
 */
export function parseCsv(input: string, delimiter = guessDelimiter(input), locale = 'en'): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRow[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  let row: CsvRow = { line: 1, cells: [] };
  const endRecord = () => {
    const blank = row.cells.length === 1 && row.cells[0]!.value === '';
    if (!blank) records.push(row);
  };
  while (i <= text.length) {
    // At the start of a field.
    const start = { line, column };
    let value = '';
    if (text[i] === '"') {
      i++;
      column++;
      for (;;) {
        if (i >= text.length) return { ok: false, line: start.line, column: start.column, message: sayIn(locale, 'csv-import.csv.unclosed') };
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            column += 2;
            continue;
          }
          i++;
          column++;
          break;
        }
        value += ch;
        i++;
        if (ch === '\n') {
          line++;
          column = 1;
        } else column++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        return { ok: false, line, column, message: sayIn(locale, 'csv-import.csv.after-quote', { char: JSON.stringify(next) }) };
      }
    } else {
      while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        value += text[i];
        i++;
        column++;
      }
    }
    row.cells.push({ value, line: start.line, column: start.column });
    if (i >= text.length) {
      endRecord();
      break;
    }
    const ch = text[i]!;
    if (ch === delimiter) {
      i++;
      column++;
      continue;
    }
    // End of line: \n, \r\n or a lone \r.
    i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    endRecord();
    line++;
    column = 1;
    row = { line, cells: [] };
    if (i >= text.length) break;
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, line: 1, column: 1, message: sayIn(locale, 'csv-import.csv.empty') };
  return { ok: true, delimiter, header, rows };
}
