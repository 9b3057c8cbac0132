// Renders TypeScript types from schemas/*.schema.json (see gen-types.mjs).
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const schemaDir = fileURLToPath(new URL('../schemas/', import.meta.url));

/** Returns the full text of src/repo/schema/types.generated.ts for the current schemas. */
export async function renderSchemaTypes() {
  const names = (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json') && n !== 'common.schema.json').sort();
  const parts = [
    '/* eslint-disable */',
    '// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.',
    '',
  ];
  const seen = new Set();
  for (const name of names) {
    const schema = JSON.parse(await readFile(schemaDir + name, 'utf8'));
    let ts = await compile(schema, schema.title, {
      bannerComment: '',
      cwd: schemaDir,
      additionalProperties: false,
      strictIndexSignatures: true,
      format: true,
      declareExternallyReferenced: true,
      style: { singleQuote: true },
    });
    // Shared definitions appear in several schemas: keep the first declaration of each.
    ts = ts.split(/\n(?=export )/).filter((block) => {
      const m = /^export (?:type|interface) (\w+)/.exec(block.trim());
      if (!m) return true;
      if (seen.has(m[1])) return false;
      seen.add(m[1]);
      return true;
    }).join('\n');
    parts.push(`// ${name}`, ts.trim(), '');
  }
  return parts.join('\n');
}
