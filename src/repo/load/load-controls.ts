import path from 'node:path';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { sayIn } from '../../core/i18n/messages.js';
import { normalizeCriteria } from '../project/criteria.js';
import type { ControlEntry } from '../project/types.js';
import { schemaDiagnostics } from '../schema/diagnostics.js';
import type { Control } from '../schema/types.generated.js';
import { validateAgainst } from '../schema/validator.js';
import { mapLimit } from './concurrency.js';
import { readSourceFile, type SourceFile } from './source-file.js';
import { walkFiles } from './walk.js';
import { parseYamlSource } from './yaml-source.js';

/**
 * Reads every controls/**\/*.yaml file. Each control is validated on its own, so one bad entry
 * does not hide its neighbours; every id written is remembered so references to a broken
 * control are not reported twice. What it finds is said in the repo's language (`locale`).
 */
export async function loadControls(
  root: string,
  dir: string,
  defaultFramework: string,
  report: (d: Diagnostic) => void,
  locale = 'en',
): Promise<{ controls: ControlEntry[]; known: Set<string>; sources: SourceFile[] }> {
  const walk = await walkFiles(root, path.join(root, dir), ['.yaml', '.yml'], locale);
  walk.diagnostics.forEach(report);
  const reads = await mapLimit(walk.files, 64, (abs) => readSourceFile(root, abs, { walked: true, locale }));
  const controls: ControlEntry[] = [];
  const known = new Set<string>();
  const sources: SourceFile[] = [];
  for (const read of reads) {
    if (!read.ok) {
      report(read.diagnostic);
      continue;
    }
    sources.push(read.source);
    const { file, text } = read.source;
    if (text.trim() === '') {
      report(diagnosticAt(file, { line: 1, column: 1 }, 'file-empty', 'error', sayIn(locale, 'load.controls.empty'), sayIn(locale, 'load.controls.empty-hint')));
      continue;
    }
    const parsed = parseYamlSource(file, text, 0, undefined, { fast: true, locale });
    if (!parsed.ok) {
      parsed.diagnostics.forEach(report);
      continue;
    }
    const yaml = parsed.source;
    const list = yaml.data;
    if (!Array.isArray(list)) {
      schemaDiagnostics(validateAgainst('control', list), yaml, 'schema', locale).forEach(report);
      continue;
    }
    list.forEach((item: unknown, index) => {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string') known.add(id);
      const errors = validateAgainst('control#/$defs/control', item, `/${index}`);
      if (errors.length) {
        schemaDiagnostics(errors, yaml, 'schema', locale).forEach(report);
        return;
      }
      const control = item as Control;
      controls.push({ control, file, index, yaml, criteria: normalizeCriteria(control.criteria, defaultFramework) });
    });
  }
  return { controls, known, sources };
}
