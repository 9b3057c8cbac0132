import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './package-root.js';
import { VERSION } from './version.js';

/** Files of precept that shape what it writes: its code (compiled or source), catalogues, schemas and message catalogues. */
function toolFiles(): string[] {
  const root = packageRoot();
  // lib/ when installed or built, src/ when tests run the TypeScript.
  const codeDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && !e.name.endsWith('.d.ts') && !e.name.endsWith('.map')) out.push(full);
    }
  };
  walk(codeDir);
  walk(path.join(root, 'catalogues'));
  walk(path.join(root, 'schemas'));
  walk(path.join(root, 'messages'));
  return out;
}

let memo: string | undefined;

/**
 * A hash of precept's version and of every file of its own that shapes its output. It is part
 * of every cache key, so a cache made by other code (an upgrade, a local change) is never
 * read: there is no cache format number to remember to bump. Computed once per process (the
 * files do not change under a running precept); about 5 ms.
 */
export function toolKey(): string {
  if (memo) return memo;
  const root = packageRoot();
  const hash = createHash('sha256').update(`precept ${VERSION}\0`);
  for (const file of toolFiles()) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return (memo = hash.digest('hex').slice(0, 32));
}
