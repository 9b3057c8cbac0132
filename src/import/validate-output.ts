import { splitFrontmatter } from '../repo/load/frontmatter.js';
import { parseYamlSource } from '../repo/load/yaml-source.js';
import { validateAgainst, type SchemaName } from '../repo/schema/validator.js';

/** Which schema a written file must match. */
function schemaFor(file: string): SchemaName | undefined {
  if (file === 'precept.config.yaml') return 'config';
  if (file === 'people.yaml') return 'people';
  if (file.startsWith('policies/')) return 'policy';
  if (file.startsWith('controls/')) return 'control';
  if (file.startsWith('frameworks/')) return 'framework';
  return undefined;
}

/**
 * Checks every file an import is about to write against its schema. A failure is a bug in the
 * import, never the user's: it throws rather than writing a repo that cannot load.
 */
export function validateImport(files: ReadonlyMap<string, string>): void {
  for (const [file, text] of files) {
    const schema = schemaFor(file);
    if (!schema) continue;
    const yamlText = schema === 'policy' ? splitFrontmatter(text).yaml ?? '' : text;
    const parsed = parseYamlSource(file, yamlText);
    const errors = parsed.ok ? validateAgainst(schema, parsed.source.data) : [];
    if (!parsed.ok || errors.length) {
      const detail = parsed.ok ? errors.map((e) => `${e.instancePath} ${e.message}`).join('; ') : parsed.diagnostics.map((d) => d.message).join('; ');
      throw new Error(`import produced an invalid ${file}: ${detail}`);
    }
  }
}
