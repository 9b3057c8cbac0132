import path from 'node:path';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { sayIn } from '../../core/i18n/messages.js';
import type { Roster } from '../project/types.js';
import { schemaDiagnostics } from '../schema/diagnostics.js';
import type { Group, Person } from '../schema/types.generated.js';
import { validateAgainst } from '../schema/validator.js';
import { LIMITS } from './limits.js';
import { readSourceFile, type SourceFile } from './source-file.js';
import { parseYamlSource } from './yaml-source.js';

/**
 * Reads people.yaml; each group and person is validated on its own. A missing file is an error.
 * What it finds is said in the repo's language (`locale`).
 */
export async function loadRoster(
  root: string,
  file: string,
  report: (d: Diagnostic) => void,
  locale = 'en',
): Promise<{ roster: Roster; source: SourceFile | undefined }> {
  const roster: Roster = { file, yaml: undefined, groups: new Map(), people: new Map(), knownPeople: new Set(), knownGroups: new Set() };
  const read = await readSourceFile(root, path.join(root, file), { maxBytes: LIMITS.maxRosterBytes, locale });
  if (!read.ok) {
    if (read.diagnostic.ruleId === 'file-unreadable') {
      report(diagnosticAt(file, { line: 1, column: 1 }, 'roster-missing', 'error',
        sayIn(locale, 'load.roster.missing', { file }), sayIn(locale, 'load.roster.missing-hint')));
    } else report(read.diagnostic);
    return { roster, source: undefined };
  }
  const parsed = parseYamlSource(file, read.source.text, 0, LIMITS.maxRosterBytes, { fast: true, locale });
  if (!parsed.ok) {
    parsed.diagnostics.forEach(report);
    return { roster, source: read.source };
  }
  const yaml = parsed.source;
  roster.yaml = yaml;
  const data = yaml.data as { groups?: unknown; people?: unknown } | null;
  const shapeErrors = validateAgainst('people', data).filter((e) => !/^\/(people|groups)\/\d+/.test(e.instancePath));
  if (shapeErrors.length) {
    schemaDiagnostics(shapeErrors, yaml, 'schema', locale).forEach(report);
    if (!data || typeof data !== 'object') return { roster, source: read.source };
  }
  const entries = <T extends { id: string }>(key: 'groups' | 'people', ref: string, into: Map<string, { index: number } & Record<string, unknown>>, known: Set<string>, wrap: (v: T, i: number) => { index: number } & Record<string, unknown>) => {
    const list = data?.[key];
    if (!Array.isArray(list)) return;
    list.forEach((item: unknown, index) => {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string') known.add(id);
      const errors = validateAgainst(ref, item, `/${key}/${index}`);
      if (errors.length) {
        schemaDiagnostics(errors, yaml, 'schema', locale).forEach(report);
        return;
      }
      const value = item as T;
      const previous = into.get(value.id);
      if (previous) {
        report(diagnosticAt(file, yaml.locate([key, index, 'id']), 'duplicate-id', 'error',
          sayIn(locale, 'load.roster.duplicate-id', { kind: key === 'people' ? 'person' : 'group', id: value.id, entry: String(previous.index + 1) })));
        return;
      }
      into.set(value.id, wrap(value, index));
    });
  };
  entries<Group>('groups', 'people#/properties/groups/items', roster.groups as never, roster.knownGroups, (group, index) => ({ group, index }));
  entries<Person>('people', 'people#/properties/people/items', roster.people as never, roster.knownPeople, (person, index) => ({ person, index }));
  return { roster, source: read.source };
}
