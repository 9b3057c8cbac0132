import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { sayIn } from '../../core/i18n/messages.js';
import { LIMITS } from './limits.js';
import { relativeTo } from './source-file.js';

/** Files found by a walk, plus diagnostics for entries that were skipped. */
export interface WalkResult {
  files: string[];
  diagnostics: Diagnostic[];
}

/**
 * Lists files under `dir` whose names end with one of `extensions`, sorted, without following
 * symlinks that leave `root` (said in the repo's language, `locale`). A missing directory yields no files.
 */
export async function walkFiles(root: string, dir: string, extensions: readonly string[], locale = 'en'): Promise<WalkResult> {
  const result: WalkResult = { files: [], diagnostics: [] };
  const rootReal = await realpath(root);
  const visit = async (current: string, depth: number): Promise<void> => {
    if (depth > LIMITS.maxDirDepth) return;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(current, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = await realpath(abs);
        } catch {
          continue;
        }
        if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
          if (isDir || extensions.some((ext) => entry.name.endsWith(ext)) || (await stat(real)).isDirectory()) {
            result.diagnostics.push(
              diagnosticAt(relativeTo(root, abs), { line: 1, column: 1 }, 'symlink-outside-root', 'error',
                sayIn(locale, 'load.symlink-outside')),
            );
          }
          continue;
        }
        const s = await stat(real);
        isDir = s.isDirectory();
        isFile = s.isFile();
      }
      if (isDir) await visit(abs, depth + 1);
      else if (isFile && extensions.some((ext) => entry.name.endsWith(ext))) result.files.push(abs);
    }
  };
  await visit(dir, 0);
  return result;
}
