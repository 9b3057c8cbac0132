import { sayIn } from '../../core/i18n/messages.js';
import type { AcknowledgementImportColumns } from '../../repo/schema/types.generated.js';
import type { CsvRow } from './csv.js';

/** The fields an import reads from each row. */
export type ImportField = 'person' | 'policy' | 'version' | 'at';

/** Which column (0-based) holds each field. */
export type ColumnMap = Record<ImportField, number>;

/** Headers looked for when the config and flags do not name a column, in order of preference. */
export const USUAL_HEADERS: Record<ImportField, readonly string[]> = {
  person: ['email', 'e mail', 'email address', 'person', 'person id', 'user', 'user email', 'employee email', 'employee', 'login'],
  policy: ['policy', 'policy id', 'policy title', 'policy name', 'document', 'document id', 'course'],
  version: ['version', 'policy version', 'document version'],
  at: ['at', 'time', 'acknowledged at', 'acknowledged', 'acknowledged on', 'timestamp', 'date', 'completed', 'completed at', 'completion date', 'signed at', 'signed'],
};

/** A header as compared: lowercase, with runs of spaces, underscores and dashes as one space. */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/**
 * Maps the header row to the fields: a named column (flag, else config) must exist; otherwise
 * the first usual header found. Returns the map, or one message per field that has no column,
 * in `locale`.
 */
export function mapColumns(header: CsvRow, named: AcknowledgementImportColumns, locale = 'en'): { ok: true; map: ColumnMap } | { ok: false; problems: string[] } {
  const headers = header.cells.map((c) => normalizeHeader(c.value));
  const problems: string[] = [];
  // What each field holds, in the messages' words.
  const fieldName = (field: ImportField) => sayIn(locale, `csv-import.acks.field.${field}`);
  const map: Partial<ColumnMap> = {};
  for (const field of Object.keys(USUAL_HEADERS) as ImportField[]) {
    const wanted = named[field];
    if (wanted !== undefined) {
      const index = headers.indexOf(normalizeHeader(wanted));
      if (index < 0) problems.push(sayIn(locale, 'csv-import.acks.column-named', { wanted, field: fieldName(field), header: header.cells.map((c) => c.value).join(', ') }));
      else map[field] = index;
      continue;
    }
    const index = USUAL_HEADERS[field].map((h) => headers.indexOf(h)).find((i) => i >= 0);
    if (index === undefined) {
      problems.push(sayIn(locale, 'csv-import.acks.column-none', {
        field: fieldName(field), usual: USUAL_HEADERS[field].slice(0, 4).join(', '), flag: field === 'at' ? 'time' : field, key: field,
      }));
    } else map[field] = index;
  }
  return problems.length ? { ok: false, problems } : { ok: true, map: map as ColumnMap };
}
