import { Memo } from '../../core/memo.js';
import path from 'node:path';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
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
 * schema, and the body. Problems become diagnostics; the policy is returned whenever the file
 * could be read, so links to it still resolve.
 */
export function parsePolicy(source: SourceFile, defaultFramework: string, report: (d: Diagnostic) => void): Policy {
  const stem = path.posix.basename(source.file).replace(/\.md$/i, '');
  const split = splitFrontmatter(source.text);
  const policy: Policy = {
    id: stem, file: source.file, source, yaml: undefined, meta: undefined,
    body: split.body, bodyLine: split.bodyLine, criteria: new Map(),
  };
  const top = { line: 1, column: 1 };
  if (source.text.trim() === '') {
    report(diagnosticAt(source.file, top, 'file-empty', 'error', 'policy file is empty', 'start it with --- and the frontmatter fields (see README)'));
    return policy;
  }
  if (split.unterminated) {
    report(diagnosticAt(source.file, top, 'frontmatter-unterminated', 'error', 'frontmatter opened with --- is never closed', 'end the frontmatter with a line holding only ---'));
    return policy;
  }
  if (split.yaml === undefined) {
    report(diagnosticAt(source.file, top, 'frontmatter-missing', 'error', 'no YAML frontmatter: a policy must start with a --- line',
      'add ---, the fields id, title, version, status, owner, review, classification, then ---'));
    return policy;
  }
  const parsed = parseYamlSource(source.file, split.yaml, split.yamlLine, undefined, { fast: true });
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
    report(diagnosticAt(source.file, { line: 2, column: 1 }, 'frontmatter-missing', 'error', 'frontmatter is empty'));
    return policy;
  }
  const errors = validateAgainst('policy', data);
  if (errors.length) {
    schemaDiagnostics(errors, parsed.source).forEach(report);
    return policy;
  }
  const meta = data as PolicyFrontmatter;
  if (meta.id === undefined && !KEBAB.test(stem)) {
    report(diagnosticAt(source.file, top, 'policy-id', 'error',
      `file name "${stem}" is not a valid policy id (lowercase kebab-case)`, 'rename the file or add an id: field'));
    return policy;
  }
  policy.meta = meta;
  policy.criteria = normalizeCriteria(meta.criteria, defaultFramework);
  return policy;
}

/**
 * Parsed policies by file, text and default framework: a process that loads the same repo again
 * (precept dev after an edit) parses only the files that changed. Parsed policies are never
 * modified after parsing, so sharing them is safe.
 */
const remembered = new Memo<string, { policy: Policy; diagnostics: Diagnostic[] }>({ entries: 20_000 });

function parseRemembered(source: SourceFile, defaultFramework: string, report: (d: Diagnostic) => void): Policy {
  const key = `${source.absPath}\0${defaultFramework}\0${source.text}`;
  const hit = remembered.get(key, () => {
    const diagnostics: Diagnostic[] = [];
    return { policy: parsePolicy(source, defaultFramework, (d) => diagnostics.push(d)), diagnostics };
  });
  hit.diagnostics.forEach(report);
  return hit.policy;
}

/** Reads and parses every policies/**\/*.md file. */
export async function loadPolicies(
  root: string,
  dir: string,
  defaultFramework: string,
  report: (d: Diagnostic) => void,
): Promise<{ policies: Policy[]; sources: SourceFile[] }> {
  const walk = await walkFiles(root, path.join(root, dir), ['.md']);
  walk.diagnostics.forEach(report);
  const files = walk.files.filter((f) => path.basename(f).toLowerCase() !== 'readme.md');
  const reads = await mapLimit(files, 64, (abs) => readSourceFile(root, abs, { walked: true }));
  const policies: Policy[] = [];
  const sources: SourceFile[] = [];
  for (const read of reads) {
    if (!read.ok) {
      report(read.diagnostic);
      continue;
    }
    sources.push(read.source);
    policies.push(parseRemembered(read.source, defaultFramework, report));
  }
  return { policies, sources };
}
