import { mkdir, readdir, realpath, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../core/i18n/failure.js';
import { writeDirAtomically } from '../core/output/atomic.js';

async function resolved(p: string): Promise<string> {
  return realpath(p).catch(() => path.resolve(p));
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);

/**
 * Writes the imported repo to `target` atomically: built in a temporary sibling and swapped in,
 * so a failed import leaves nothing half-written. An existing folder with content is refused
 * unless `force`, which replaces it (keeping its `.git`, so a re-import shows as a diff);
 * a target that holds the folder being imported (`source.root`, called `source.what`) is always
 * refused. Every importer writes through here.
 */
export async function writeImportedRepo(target: string, files: ReadonlyMap<string, string | Uint8Array>, options: { force: boolean; source: { root: string; what: 'folder' | 'comply' }; label?: string }): Promise<void> {
  const label = options.label ?? target;
  const [out, source] = await Promise.all([resolved(target), resolved(options.source.root)]);
  if (inside(source, out)) throw failure('import.holds-source', { label, what: options.source.what });
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isDirectory()) throw failure('import.not-a-folder-out', { label });
  const existing = info ? await readdir(out) : [];
  if (existing.length && !options.force) {
    throw failure('import.not-empty', { label });
  }
  await writeDirAtomically(out, async (tmp) => {
    for (const [rel, content] of files) {
      const abs = path.join(tmp, ...rel.split('/'));
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, content);
    }
    if (existing.includes('.git')) await rename(path.join(out, '.git'), path.join(tmp, '.git'));
  });
}
