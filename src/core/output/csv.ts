/** One CSV cell (RFC 4180), safe to open in a spreadsheet: a leading =, +, - or @ would be a formula, so it is quoted as text. */
export function csvCell(value: string | number | boolean | undefined): string {
  const s = value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV document: a header row and data rows, CRLF line ends as RFC 4180 asks. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | undefined)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
