import type { Diagnostic } from '../diagnostic.js';

/** A rule's id and one-line description, for SARIF's rule table. */
export interface RuleInfo {
  id: string;
  description: string;
}

/** SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards. */
export function formatSarif(diagnostics: readonly Diagnostic[], rules: readonly RuleInfo[], version: string): string {
  const used = new Set(diagnostics.map((d) => d.ruleId));
  const table = rules.filter((r) => used.has(r.id));
  for (const id of used) if (!table.some((r) => r.id === id)) table.push({ id, description: id });
  const index = new Map(table.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'precept',
            version,
            informationUri: 'https://github.com/precept-dev/precept',
            rules: table.map((r) => ({ id: r.id, shortDescription: { text: r.description }, helpUri: `https://github.com/precept-dev/precept/blob/main/docs/rules.md#${r.id}` })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.ruleId,
          ruleIndex: index.get(d.ruleId),
          level: d.severity,
          message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file, uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
                  ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
