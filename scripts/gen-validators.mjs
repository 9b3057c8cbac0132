// Writes src/repo/schema/validators.generated.ts: the schemas' validators compiled ahead of time.
// `npm run gen:validators` rewrites it; test/schema-drift.test.ts fails when the committed file and
// the schemas disagree.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderValidators } from './schema-validators.mjs';

const out = fileURLToPath(new URL('../src/repo/schema/validators.generated.ts', import.meta.url));
await writeFile(out, await renderValidators());
console.log(`wrote ${out}`);
