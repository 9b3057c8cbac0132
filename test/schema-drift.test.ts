/** Types and validators are derived from schemas/: the committed files must match what the schemas generate. */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { renderSchemaTypes } from '../scripts/schema-types.mjs';
// @ts-expect-error: a plain .mjs build script without type declarations
import { PRECOMPILED, renderValidators } from '../scripts/schema-validators.mjs';
import { compileValidator, validatorFor } from '../src/repo/schema/validator.js';
import { EXAMPLE_ROOT, FIXTURES } from './helpers/paths.js';

it('src/repo/schema/types.generated.ts is up to date with schemas/ (run npm run gen:types)', async () => {
  const committed = await readFile(new URL('../src/repo/schema/types.generated.ts', import.meta.url), 'utf8');
  expect(committed).toBe(await (renderSchemaTypes as () => Promise<string>)());
});

it('src/repo/schema/validators.generated.ts is up to date with schemas/ (run npm run gen:validators)', async () => {
  const committed = await readFile(new URL('../src/repo/schema/validators.generated.ts', import.meta.url), 'utf8');
  expect(committed).toBe(await (renderValidators as () => Promise<string>)());
});

/** Every document (YAML file, frontmatter, ledger line) of the check fixtures and the example, and the items of their lists. */
function documents(): unknown[] {
  const out: unknown[] = [];
  const add = (text: string, parse: (t: string) => unknown) => {
    try {
      const data = parse(text);
      out.push(data);
      if (Array.isArray(data)) out.push(...data);
      else if (data && typeof data === 'object') for (const v of Object.values(data)) if (Array.isArray(v)) out.push(...v);
    } catch {
      // not parseable: the loaders report it, no validator sees it
    }
  };
  for (const root of [path.join(FIXTURES, 'check'), EXAMPLE_ROOT]) {
    for (const file of readdirSync(root, { recursive: true }).map(String).sort()) {
      const full = path.join(root, file);
      if (/\.ya?ml$/.test(file) && !file.includes('alias-bomb')) add(readFileSync(full, 'utf8'), (t) => parseYaml(t));
      else if (file.endsWith('.md')) add(readFileSync(full, 'utf8'), (t) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(t)![1]!));
      // A ledger's lines are alike: a few of each ledger are enough.
      else if (file.endsWith('.jsonl')) for (const line of readFileSync(full, 'utf8').split('\n').filter(Boolean).slice(0, 8)) add(line, JSON.parse);
    }
  }
  // The fixtures repeat themselves (the same roster and controls in many of them): each text once.
  const seen = new Set<string>();
  return out.filter((d) => !seen.has(JSON.stringify(d)) && !!seen.add(JSON.stringify(d)));
}

it('the validators compiled ahead of time report what ajv compiling the schemas now reports', () => {
  const docs = documents();
  // Errors hold their (verbose) schemas, the same few objects again and again: as text once each.
  const texts = new WeakMap<object, string>();
  const text = (o: unknown) => {
    if (!o || typeof o !== 'object') return JSON.stringify(o);
    let t = texts.get(o);
    if (t === undefined) texts.set(o, (t = JSON.stringify(o)));
    return t;
  };
  const shown = (errors: typeof ahead.errors) => JSON.stringify((errors ?? []).map((e) => ({ ...e, schema: text(e.schema), parentSchema: text(e.parentSchema) })));
  let ahead = validatorFor('policy');
  expect(docs.length).toBeGreaterThan(200);
  let failures = 0;
  for (const name of PRECOMPILED as string[]) {
    ahead = validatorFor(name);
    const now = compileValidator(name);
    expect(ahead).not.toBe(now);
    for (const doc of docs) {
      const valid = ahead(doc);
      expect(now(doc), name).toBe(valid);
      if (!valid) failures++;
      if (!valid) expect(shown(ahead.errors), name).toBe(shown(now.errors));
    }
  }
  expect(failures).toBeGreaterThan(100);
});
