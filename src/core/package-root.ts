import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding precept's package.json, schemas/, catalogues/ and site/: the same whether
 * running from src/ (tests) or lib/ (the installed binary).
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schemas'))) return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('precept installation is incomplete: package.json not found');
    dir = parent;
  }
}
