/** Types are derived from schemas/: the committed file must match what the schemas generate. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { renderSchemaTypes } from '../scripts/schema-types.mjs';

it('src/repo/schema/types.generated.ts is up to date with schemas/ (run npm run gen:types)', async () => {
  const committed = await readFile(new URL('../src/repo/schema/types.generated.ts', import.meta.url), 'utf8');
  expect(committed).toBe(await (renderSchemaTypes as () => Promise<string>)());
});
