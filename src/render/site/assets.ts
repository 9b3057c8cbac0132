import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hashKey } from '../build/cache.js';
import type { Theme } from '../theme/theme.js';

/** Copies the theme's `assets/` (CSS, fonts, the search script) into the site. Returns how many files. */
export async function copyAssets(theme: Theme, siteDir: string): Promise<number> {
  const files = await theme.list('assets');
  for (const rel of files) {
    const target = path.join(siteDir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await theme.readBytes(rel));
  }
  return files.length;
}

/** A hash of every theme file (templates, partials, assets), so pages change when the theme does. */
export async function themeKey(theme: Theme): Promise<string> {
  const files = await theme.list('');
  const parts: string[] = [];
  for (const rel of files) parts.push(rel, (await theme.readBytes(rel)).toString('base64'));
  return hashKey('theme', ...parts);
}
