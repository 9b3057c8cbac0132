import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/paths.js';

/**
 * The top level of src/ is the architecture (docs/ARCHITECTURE.md): each folder is a layer and
 * may import only from layers below it. Folders of the same rank are siblings and do not import
 * each other. src/index.ts (the library API) may import anything.
 */
const RANK: Record<string, number> = {
  core: 0,
  markdown: 1,
  repo: 2,
  history: 3,
  records: 4,
  check: 5,
  render: 6,
  reports: 7,
  server: 8,
  import: 8,
  cli: 9,
};

const SRC = path.join(PROJECT_ROOT, 'src');

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;

it('src/ has at most 12 entries, each a known layer', async () => {
  const entries = (await readdir(SRC)).sort();
  expect(entries.length).toBeLessThanOrEqual(12);
  for (const e of entries) if (e !== 'index.ts') expect(Object.keys(RANK), `unknown layer src/${e}`).toContain(e);
});

it('no import runs up a layer or across to a sibling layer', async () => {
  const violations: string[] = [];
  for (const file of await sourceFiles(SRC)) {
    const from = layerOf(file);
    if (from === 'index.ts') continue;
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = layerOf(path.resolve(path.dirname(file), m[1]!));
      if (to === from) continue;
      if (!(RANK[to]! < RANK[from]!)) violations.push(`${path.relative(SRC, file)} imports ${m[1]} (${from} -> ${to})`);
    }
  }
  expect(violations).toEqual([]);
});
