/** How bad a problem is: errors fail a run (exit 1), warnings do not unless `--strict` says so. */
export type Severity = 'error' | 'warning';

/**
 * The one type for every problem about a user's file, whoever finds it (loader, schema, rules,
 * review, ledgers). Lines and columns are 1-based; `file` is relative to the repo root, POSIX style.
 */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  ruleId: string;
  severity: Severity;
  message: string;
  hint?: string;
}

/** Where a diagnostic points. */
export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A sink diagnostics are reported to. */
export type Report = (diagnostic: Diagnostic) => void;

/** Totals for a summary line. */
export interface DiagnosticCounts {
  errors: number;
  warnings: number;
}

/** Counts errors and warnings. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** Stable order: by file, then line, then column, then rule. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Builds a diagnostic at a position. */
export function diagnosticAt(
  file: string,
  pos: Position,
  ruleId: string,
  severity: Severity,
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = { file, line: pos.line, column: pos.column, ruleId, severity, message };
  if (pos.endLine !== undefined) d.endLine = pos.endLine;
  if (pos.endColumn !== undefined) d.endColumn = pos.endColumn;
  if (hint !== undefined) d.hint = hint;
  return d;
}
