import { stringify } from 'yaml';
import { slugify } from '../../repo/config/config.js';
import { parseYamlSource } from '../../repo/load/yaml-source.js';
import type { Findings } from './findings.js';
import type { ComplyFile } from './read-project.js';

/** The organisation an import writes into precept.config.yaml and fills into template fields. */
export interface ImportedOrganization {
  name: string;
  slug: string;
}

/** The name used when neither comply.yml nor --org gives one. */
export const PLACEHOLDER_ORGANIZATION = 'Your Organization';

/** Why a comply.yml setting was not carried over: keys of `import.comply`. */
const NOT_IMPORTED: Record<string, string> = {
  tickets: 'setting-tickets',
  approvedBranch: 'setting-approved-branch',
  pandoc: 'setting-pandoc',
};

/**
 * Reads comply.yml (`name`, `filePrefix`; `tickets`, `approvedBranch` and `pandoc` have no
 * precept equivalent and are reported). `--org` wins over comply.yml's name; with neither, a
 * placeholder name is used and reported, since it is filled into every `{{.Name}}`.
 */
export function readOrganization(config: ComplyFile | undefined, org: string | undefined, findings: Findings): ImportedOrganization {
  let name: string | undefined;
  let prefix: string | undefined;
  if (config) {
    const parsed = parseYamlSource(config.file, config.text, 0, undefined, { locale: findings.locale });
    if (!parsed.ok) {
      for (const d of parsed.diagnostics) findings.add(config.file, d, 'comply-field', findings.say('comply.config-not-used', { problem: d.message }));
    } else if (parsed.source.data && typeof parsed.source.data === 'object' && !Array.isArray(parsed.source.data)) {
      const data = parsed.source.data as Record<string, unknown>;
      for (const key of Object.keys(data)) {
        if (key === 'name' || key === 'filePrefix') continue;
        findings.add(config.file, parsed.source.locate([key], 'key'), 'comply-field', findings.say(`comply.${Object.hasOwn(NOT_IMPORTED, key) ? NOT_IMPORTED[key] : 'setting-unknown'}`, { key }));
      }
      if (typeof data['name'] === 'string' && data['name'].trim()) name = data['name'].trim();
      if (typeof data['filePrefix'] === 'string' && data['filePrefix'].trim()) prefix = data['filePrefix'].trim();
    }
  }
  if (org !== undefined) name = org;
  // One line: it goes into the config and into sentences of every document.
  name = name?.replace(/\s+/g, ' ').trim() || undefined;
  if (name === undefined) {
    name = PLACEHOLDER_ORGANIZATION;
    findings.add('comply.yml', { line: 1, column: 1 }, 'comply-organization',
      findings.say('comply.no-organization', { config: config ? 'yes' : 'no', name }),
      { hint: findings.say('comply.no-organization-hint') });
  }
  return { name, slug: slugify(prefix ?? name) };
}

/** precept.config.yaml for the imported repo: organisation, and the frameworks (with SOC 2 categories) in scope. */
export function configFileText(org: ImportedOrganization, frameworks: Map<string, string[] | undefined>, defaultFramework: string): string {
  const scalar = (v: string) => stringify(v, { lineWidth: 0 }).trimEnd();
  const lines = [
    '# Written by `precept import comply` from a comply project. Every key is described in docs/repo-format.md.',
    'organization:',
    `  name: ${scalar(org.name)}`,
    `  slug: ${org.slug}`,
    `defaultFramework: ${defaultFramework}`,
    'frameworks:',
  ];
  for (const [id, scope] of frameworks) {
    if (scope) lines.push(`  ${id}:`, `    scope: [${scope.join(', ')}]`);
    else lines.push(`  ${id}: {}`);
  }
  return `${lines.join('\n')}\n`;
}
