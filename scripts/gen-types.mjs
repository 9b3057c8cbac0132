// Derives src/repo/schema/types.generated.ts from the JSON Schemas in schemas/, the single source of
// truth for precept's file formats. `npm run gen:types` rewrites it; test/schema-drift.test.ts
// fails when the committed file and the schemas disagree.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderSchemaTypes } from './schema-types.mjs';

const out = fileURLToPath(new URL('../src/repo/schema/types.generated.ts', import.meta.url));
await writeFile(out, await renderSchemaTypes());
console.log(`wrote ${out}`);
