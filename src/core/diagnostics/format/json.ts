import type { Diagnostic } from '../diagnostic.js';
import { countDiagnostics } from '../diagnostic.js';

/** `{"diagnostics":[...],"summary":{"files":N,"errors":N,"warnings":N}}` for machines. */
export function formatJson(diagnostics: readonly Diagnostic[], files: number): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  return `${JSON.stringify({ diagnostics, summary: { files, errors, warnings } }, null, 2)}\n`;
}
