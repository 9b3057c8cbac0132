import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';

/** What `writeNewFiles` did. */
export interface NewFilesResult {
  written: string[];
  /** Files that existed and were left as they were. */
  kept: string[];
}

/**
 * Writes files into a folder that may already hold a repo (a package.json, a .git), never
 * replacing a file that exists. When a write fails, the files written so far are removed, so a
 * failed run leaves the folder as it found it.
 */
export async function writeNewFiles(target: string, files: ReadonlyMap<string, string>): Promise<NewFilesResult> {
  const result: NewFilesResult = { written: [], kept: [] };
  try {
    for (const [rel, content] of files) {
      const abs = path.join(target, ...rel.split('/'));
      await mkdir(path.dirname(abs), { recursive: true });
      try {
        await writeFile(abs, content, { flag: 'wx' });
        result.written.push(rel);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        result.kept.push(rel);
      }
    }
  } catch (error) {
    await Promise.all(result.written.map((rel) => rm(path.join(target, ...rel.split('/')), { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    throw failure('import.cannot-write-into', { dir: target, reason: code ?? (error as Error).message }, { cause: error });
  }
  return result;
}
