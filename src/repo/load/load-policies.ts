import { Memo } from '../../core/memo.js';
import path from 'node:path';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { sayIn } from '../../core/i18n/messages.js';
import type { PhraseValues } from '../../core/i18n/phrase.js';
import { normalizeCriteria } from '../project/criteria.js';
import type { Policy } from '../project/types.js';
import { schemaDiagnostics } from '../schema/diagnostics.js';
import type { PolicyFrontmatter } from '../schema/types.generated.js';
import { validateAgainst } from '../schema/validator.js';
import { mapLimit } from './concurrency.js';
import { splitFrontmatter } from './frontmatter.js';
import { readSourceFile, type SourceFile } from './source-file.js';
import { walkFiles } from './walk.js';
import { parseYamlSource } from './yaml-source.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Parses one policy file's text: frontmatter (with positions) validated against the policy
 * schema, and the body. Problems become diagnostics, in the repo's language (`locale`); the policy
 * is returned whenever the file could be read, so links to it still resolve.
 */
export function parsePolicy(source: SourceFile, defaultFramework: string, report: (d: Diagnostic) => void, locale = 'en'): Policy {
  const say = (key: string, values?: PhraseValues) => sayIn(locale, `load.policy.${key}`, values);
  const stem = path.posix.basename(source.file).replace(/\.md$/i, '');
  const split = splitFrontmatter(source.text);
  const policy: Policy = {
    id: stem, file: source.file, source, yaml: undefined, meta: undefined,
    body: split.body, bodyLine: split.bodyLine, criteria: new Map(),
  };
  const top = { line: 1, column: 1 };
  if (source.text.trim() === '') {
    report(diagnosticAt(source.file, top, 'file-empty', 'error', say('empty'), say('empty-hint')));
    return policy;
  }
  if (split.unterminated) {
    report(diagnosticAt(source.file, top, 'frontmatter-unterminated', 'error', say('unterminated'), say('unterminated-hint')));
    return policy;
  }
  if (split.yaml === undefined) {
    report(diagnosticAt(source.file, top, 'frontmatter-missing', 'error', say('no-frontmatter'), say('no-frontmatter-hint')));
    return policy;
  }
  const parsed = parseYamlSource(source.file, split.yaml, split.yamlLine, undefined, { fast: true, locale });
  if (!parsed.ok) {
    parsed.diagnostics.forEach(report);
    return policy;
  }
  policy.yaml = parsed.source;
  const data = parsed.source.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const id = (data as { id?: unknown }).id;
    if (typeof id === 'string' && KEBAB.test(id)) policy.id = id;
  }
  if (data === null || data === undefined) {
    report(diagnosticAt(source.file, { line: 2, column: 1 }, 'frontmatter-missing', 'error', say('frontmatter-empty')));
    return policy;
  }
  const errors = validateAgainst('policy', data);
  if (errors.length) {
    schemaDiagnostics(errors, parsed.source, 'schema', locale).forEach(report);
    return policy;
  }
  const meta = data as PolicyFrontmatter;
  if (meta.id === undefined && !KEBAB.test(stem)) {
    report(diagnosticAt(source.file, top, 'policy-id', 'error', say('bad-id', { stem }), say('bad-id-hint')));
    return policy;
  }
  policy.meta = meta;
  policy.criteria = normalizeCriteria(meta.criteria, defaultFramework);
  return policy;
}

/**
 * Parsed policies by file, text, default framework and language: a process that loads the same repo again
 * (precept dev after an edit) parses only the files that changed. Parsed policies are never
 * modified after parsing, so sharing them is safe.
 */
const remembered = new Memo<string, { policy: Policy; diagnostics: Diagnostic[] }>({ entries: 20_000 });

function parseRemembered(source: SourceFile, defaultFramework: string, report: (d: Diagnostic) => void, locale: string): Policy {
  const key = `${source.absPath}\0${defaultFramework}\0${locale}\0${source.text}`;
  const hit = remembered.get(key, () => {
    const diagnostics: Diagnostic[] = [];
    return { policy: parsePolicy(source, defaultFramework, (d) => diagnostics.push(d), locale), diagnostics };
  });
  hit.diagnostics.forEach(report);
  return hit.policy;
}

/** Reads and parses every policies/**\/*.md file; what it finds is said in the repo's language (`locale`). */
export async function loadPolicies(
  root: string,
  dir: string,
  defaultFramework: string,
  report: (d: Diagnostic) => void,
  locale = 'en',
): Promise<{ policies: Policy[]; sources: SourceFile[] }> {
  const walk = await walkFiles(root, path.join(root, dir), ['.md'], locale);
  walk.diagnostics.forEach(report);
  const files = walk.files.filter((f) => path.basename(f).toLowerCase() !== 'readme.md');
  const reads = await mapLimit(files, 64, (abs) => readSourceFile(root, abs, { walked: true, locale }));
  const policies: Policy[] = [];
  const sources: SourceFile[] = [];
  for (const read of reads) {
    if (!read.ok) {
      report(read.diagnostic);
      continue;
    }
    sources.push(read.source);
    policies.push(parseRemembered(read.source, defaultFramework, report, locale));
  }
  return { policies, sources };
}
