/** Every rule id a user can see is documented in docs/rules.md. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { LOAD_RULE_IDS, RULES } from '../src/check/rules/registry.js';

it('docs/rules.md has a section for every rule id', async () => {
  const doc = await readFile(new URL('../docs/rules.md', import.meta.url), 'utf8');
  const sections = new Set([...doc.matchAll(/^### (\S+)$/gm)].map((m) => m[1]));
  for (const id of [...RULES.map((r) => r.id), ...Object.keys(LOAD_RULE_IDS), 'config']) expect(sections, id).toContain(id);
});

it('the README is a new user\'s page: under 250 lines, with the two commands', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme.split('\n').length).toBeLessThan(250);
  expect(readme).toContain('bash scripts/setup.sh && npm test');
  expect(readme).toMatch(/bash scripts\/setup\.sh && npx precept build/);
});

it('every relative link in the README and docs/ points at a file that exists', async () => {
  const { readdir } = await import('node:fs/promises');
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const root = new URL('../', import.meta.url).pathname;
  const files = ['README.md', ...(await readdir(path.join(root, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const broken: string[] = [];
  for (const file of files) {
    // Links inside code (examples of policy Markdown) are not links of the docs.
    const text = (await readFile(path.join(root, file), 'utf8')).replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue;
      if (!existsSync(path.join(root, path.dirname(file), target))) broken.push(`${file}: ${target}`);
    }
  }
  expect(broken).toEqual([]);
});
