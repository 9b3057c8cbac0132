import path from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { PreceptError } from '../../core/errors.js';
import { loadMessages, sayIn } from '../../core/i18n/messages.js';
import { phrase } from '../../core/i18n/phrase.js';
import { readSourceFile, type SourceFile } from '../load/source-file.js';
import { reservedIdProblem } from '../project/reserved-ids.js';
import { walkFiles } from '../load/walk.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { packageRoot } from '../../core/package-root.js';
import { schemaDiagnostics } from '../schema/diagnostics.js';
import type { Framework } from '../schema/types.generated.js';
import { validateAgainst } from '../schema/validator.js';
import { didYouMean } from '../../core/suggest/did-you-mean.js';
import { indexFramework, type Catalogue } from './catalogue.js';
import { failure } from '../../core/i18n/failure.js';

/** Built-in and repo catalogues by framework id. */
export type Catalogues = Map<string, Catalogue>;

/** The built-in catalogue files shipped in catalogues/. */
export const BUILTIN_FRAMEWORKS = ['soc2', 'iso27001'] as const;

/**
 * Loads the built-in catalogues and the repo's own (frameworks/*.yaml), and checks the config's
 * scope against them. Problems in a repo catalogue are diagnostics; a config that names an
 * unknown framework or group is a run failure.
 */
export async function loadCatalogues(
  root: string,
  config: ResolvedConfig,
  sources: SourceFile[],
): Promise<{ catalogues: Catalogues; diagnostics: Diagnostic[] }> {
  const catalogues: Catalogues = new Map();
  const diagnostics: Diagnostic[] = [];
  for (const id of BUILTIN_FRAMEWORKS) {
    const fw = await readBuiltinFramework(id);
    catalogues.set(fw.id, indexFramework(fw, `builtin:${id}`, config.frameworks.get(fw.id)));
  }
  const walk = await walkFiles(root, path.join(root, config.paths.frameworks), ['.yaml', '.yml'], config.locale);
  diagnostics.push(...walk.diagnostics);
  for (const abs of walk.files) {
    const read = await readSourceFile(root, abs, { walked: true, locale: config.locale });
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    sources.push(read.source);
    const parsed = parseYamlSource(read.source.file, read.source.text, 0, undefined, { fast: true, locale: config.locale });
    if (!parsed.ok) {
      diagnostics.push(...parsed.diagnostics);
      continue;
    }
    const errors = validateAgainst('framework', parsed.source.data);
    if (errors.length) {
      diagnostics.push(...schemaDiagnostics(errors, parsed.source, 'schema', config.locale));
      continue;
    }
    const fw = parsed.source.data as Framework;
    const reserved = reservedIdProblem(fw.id);
    if (reserved) {
      diagnostics.push(diagnosticAt(read.source.file, parsed.source.locate(['id']), 'reserved-id', 'error', loadMessages(config.locale).say(phrase('check.reserved-id.framework', { problem: reserved })), loadMessages(config.locale).t('check.reserved-id.hint')));
      continue;
    }
    const existing = catalogues.get(fw.id);
    if (existing) {
      diagnostics.push(diagnosticAt(read.source.file, parsed.source.locate(['id']), 'duplicate-id', 'error',
        sayIn(config.locale, 'load.framework.duplicate-id', { id: fw.id, origin: existing.origin })));
      continue;
    }
    const seen = new Set<string>();
    fw.items.forEach((item, i) => {
      if (seen.has(item.id)) {
        diagnostics.push(diagnosticAt(read.source.file, parsed.source.locate(['items', i, 'id']), 'duplicate-id', 'error',
          sayIn(config.locale, 'load.framework.duplicate-criterion', { id: item.id, framework: fw.id })));
      }
      seen.add(item.id);
    });
    catalogues.set(fw.id, indexFramework(fw, read.source.file, config.frameworks.get(fw.id)));
  }
  checkScope(config, catalogues);
  return { catalogues, diagnostics };
}

/** Reads one built-in catalogue (catalogues/<id>.yaml); a missing or invalid one means a broken installation. */
export async function readBuiltinFramework(id: (typeof BUILTIN_FRAMEWORKS)[number]): Promise<Framework> {
  const builtinRoot = packageRoot();
  const read = await readSourceFile(builtinRoot, path.join(builtinRoot, 'catalogues', `${id}.yaml`));
  const parsed = read.ok ? parseYamlSource(`builtin:${id}`, read.source.text, 0, undefined, { fast: true }) : undefined;
  if (!parsed?.ok || validateAgainst('framework', parsed.source.data).length) {
    throw failure('config.broken-install', { id });
  }
  return parsed.source.data as Framework;
}

function checkScope(config: ResolvedConfig, catalogues: Catalogues): void {
  const file = config.file ?? 'precept.config.yaml';
  // Said in the config's language, only when something is wrong.
  const near = (value: string, candidates: Iterable<string>) => {
    const hit = didYouMean(value, candidates);
    return hit === undefined ? '' : sayIn(config.locale, 'check.did-you-mean', { near: hit });
  };
  const fail = (at: (string | number)[], message: string): never => {
    const pos = config.source?.locate(at) ?? { line: 1, column: 1 };
    throw new PreceptError(`${file}: ${message}`, { diagnostics: [diagnosticAt(file, pos, 'config', 'error', message)], locale: config.locale });
  };
  for (const [id, scope] of config.frameworks) {
    const catalogue = catalogues.get(id);
    if (!catalogue) fail(['frameworks', id], sayIn(config.locale, 'config.unknown-framework', { key: `frameworks.${id}`, id, suggest: near(id, catalogues.keys()) }));
    scope.scope?.forEach((group, i) => {
      const groups = catalogue!.groups.map((g) => g.id);
      if (!groups.includes(group)) {
        fail(['frameworks', id, 'scope', i], sayIn(config.locale, 'config.scope-group', { id, group, suggest: near(group, groups), groups: groups.join(', ') }));
      }
    });
  }
  if (!catalogues.has(config.defaultFramework)) {
    fail(['defaultFramework'], sayIn(config.locale, 'config.unknown-framework', { key: 'defaultFramework', id: config.defaultFramework, suggest: near(config.defaultFramework, catalogues.keys()) }));
  }
}
