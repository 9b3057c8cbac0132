import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** The folder's files, resolved once: static requests are answered only from inside it. */
export interface StaticRoot {
  dir: string;
  /** realpath of dir. */
  real: string;
}

/** Resolves the site folder; undefined when it does not exist. */
export async function staticRoot(dir: string): Promise<StaticRoot | undefined> {
  const real = await realpath(dir).catch(() => undefined);
  if (!real || !(await stat(real)).isDirectory()) return undefined;
  return { dir, real };
}

/** A file or folder a URL path names inside the root: its real path and its path below the root. */
export interface Resolved {
  file: string;
  /** The path below the root, in real (link-free) segments. */
  segments: string[];
  isDir: boolean;
}

/**
 * The file a URL path names inside the root, or why not: `..`, `.`, empty or hidden segments
 * (`.well-known` aside), encoded slashes, backslashes and NUL bytes are refused before touching
 * the disk (400, or 404 for hidden files); symlinks that lead out of the root are refused after
 * resolving (404).
 */
export async function resolvePath(root: StaticRoot, pathname: string): Promise<Resolved | { status: 400 | 404 }> {
  let segments: string[];
  try {
    segments = pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { status: 400 };
  }
  if (segments[segments.length - 1] === '') segments.pop();
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)) return { status: 400 };
    if (s.startsWith('.') && s !== '.well-known') return { status: 404 };
  }
  const real = await realpath(path.join(root.real, ...segments)).catch(() => undefined);
  if (!real || (real !== root.real && !real.startsWith(root.real + path.sep))) return { status: 404 };
  const info = await stat(real).catch(() => undefined);
  if (!info || (!info.isFile() && !info.isDirectory())) return { status: 404 };
  const below = path.relative(root.real, real);
  return { file: real, segments: below ? below.split(path.sep) : [], isDir: info.isDirectory() };
}
