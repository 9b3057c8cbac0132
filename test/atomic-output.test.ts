import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { writeDirAtomically, writeFileAtomically } from '../src/core/output/atomic.js';

it('swaps a folder in only when it is complete, keeping the old one on failure', async () => {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'precept-atomic-'));
  const target = path.join(parent, 'site');
  await writeDirAtomically(target, async (tmp) => writeFile(path.join(tmp, 'index.html'), 'v1'));
  await expect(writeDirAtomically(target, async (tmp) => {
    await writeFile(path.join(tmp, 'index.html'), 'half');
    throw new Error('render failed');
  })).rejects.toThrow('render failed');
  expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe('v1');
  await writeDirAtomically(target, async (tmp) => writeFile(path.join(tmp, 'index.html'), 'v2'));
  expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe('v2');
  expect(await readdir(parent)).toEqual(['site']);
  await writeFileAtomically(path.join(parent, 'x', 'manifest.json'), '{}');
  expect(await readdir(path.join(parent, 'x'))).toEqual(['manifest.json']);
});
