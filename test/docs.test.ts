/** Every rule id a user can see is documented in docs/rules.md. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { LOAD_RULE_IDS, RULES } from '../src/check/rules/registry.js';

it('docs/rules.md has a section for every rule id', async () => {
  const doc = await readFile(new URL('../docs/rules.md', import.meta.url), 'utf8');
  const sections = new Set([...doc.matchAll(/^### (\S+)$/gm)].map((m) => m[1]));
  for (const id of [...RULES.map((r) => r.id), ...Object.keys(LOAD_RULE_IDS), 'config']) expect(sections, id).toContain(id);
});
