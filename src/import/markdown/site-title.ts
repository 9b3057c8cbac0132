import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/** Site configuration files and the key holding the site's name, per generator. */
const CONFIGS: readonly [string, 'yaml' | 'toml' | 'json', string][] = [
  ['mkdocs.yml', 'yaml', 'site_name'], ['mkdocs.yaml', 'yaml', 'site_name'],
  ['hugo.toml', 'toml', 'title'], ['config.toml', 'toml', 'title'], ['hugo.yaml', 'yaml', 'title'], ['config.yaml', 'yaml', 'title'], ['hugo.json', 'json', 'title'],
  ['_config.yml', 'yaml', 'title'], ['book.json', 'json', 'title'],
];

/**
 * The site's name from its generator's configuration, in the imported folder or the one above
 * it (Hugo keeps content/ beside hugo.toml, MkDocs docs/ beside mkdocs.yml), or undefined.
 */
export async function siteTitle(dir: string): Promise<{ title: string; file: string } | undefined> {
  for (const folder of [dir, path.dirname(dir)]) {
    for (const [name, format, key] of CONFIGS) {
      const file = path.join(folder, name);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined || text.length > 1_000_000) continue;
      try {
        // mkdocs.yml may carry Python tags (!!python/name:...): the YAML reader skips what it cannot read.
        const data = format === 'toml' ? parseToml(text) : format === 'json' ? JSON.parse(text) as unknown : parseYaml(text, { logLevel: 'silent', maxAliasCount: 100, strict: false }) as unknown;
        const value = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
        if (typeof value === 'string' && value.trim()) return { title: value.replace(/\s+/g, ' ').trim(), file };
      } catch {
        continue;
      }
    }
  }
  return undefined;
}
