import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a file of an updated folder should be: these bytes, or the file at this path (hard-linked). */
export type WantedFile = Uint8Array | { link: string };

/**
 * Makes a folder hold exactly the files given (POSIX paths from it): a file already there with the
 * same bytes, or that is the very file to link, stays; any other is removed and written anew,
 * never written over, since it may be a hard link another folder shares (a live site); files,
 * links and folders not wanted are removed. Returns the paths, sorted. Synchronous: a thousand
 * small files, each a few system calls, which the thread pool would only make dearer.
 */
export function updateFolder(dir: string, files: ReadonlyMap<string, WantedFile>): string[] {
  const dirs = new Set<string>();
  for (const rel of files.keys()) for (let d = path.posix.dirname(rel); d !== '.' && !dirs.has(d); d = path.posix.dirname(d)) dirs.add(d);
  const prune = (rel: string): void => {
    for (const entry of readdirSync(rel ? path.join(dir, rel) : dir, { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && dirs.has(child)) prune(child);
      else if (!(entry.isFile() && files.has(child))) rmSync(path.join(dir, child), { recursive: true, force: true });
    }
  };
  mkdirSync(dir, { recursive: true });
  prune('');
  for (const [rel, wanted] of files) {
    const file = path.join(dir, rel);
    const there = lstatSync(file, { throwIfNoEntry: false });
    if (there?.isFile()) {
      if (wanted instanceof Uint8Array ? there.size === wanted.byteLength && readFileSync(file).equals(wanted) : sameFile(there, wanted.link)) continue;
      rmSync(file, { force: true });
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
    }
    if (wanted instanceof Uint8Array) writeFileSync(file, wanted);
    else {
      try {
        linkSync(wanted.link, file);
      } catch {
        copyFileSync(wanted.link, file);
      }
    }
  }
  return [...files.keys()].sort();
}

function sameFile(there: { dev: number; ino: number }, other: string): boolean {
  const s = statSync(other, { throwIfNoEntry: false });
  return s !== undefined && s.dev === there.dev && s.ino === there.ino;
}
