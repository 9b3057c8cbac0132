import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** The Content-Type a file is served with (application/octet-stream when unknown: never sniffed). */
export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

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

/**
 * The file a URL path names inside the root, or why not: `..`, `.`, empty or hidden segments,
 * encoded slashes, backslashes and NUL bytes are refused before touching the disk; symlinks that
 * lead out of the root are refused after resolving.
 */
async function resolvePath(root: StaticRoot, pathname: string): Promise<{ file: string; isDir: boolean } | { status: 400 | 404 }> {
  let segments: string[];
  try {
    segments = pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { status: 400 };
  }
  const trailing = segments[segments.length - 1] === '';
  if (trailing) segments.pop();
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)) return { status: 400 };
    if (s.startsWith('.') && s !== '.well-known') return { status: 404 };
  }
  const target = path.join(root.real, ...segments);
  const real = await realpath(target).catch(() => undefined);
  if (!real || (real !== root.real && !real.startsWith(root.real + path.sep))) return { status: 404 };
  const info = await stat(real).catch(() => undefined);
  if (!info || (!info.isFile() && !info.isDirectory())) return { status: 404 };
  return { file: real, isDir: info.isDirectory() };
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number, mtimeMs: number, status = 200): void {
  const etag = `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  if (status === 200 && req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag }).end();
    return;
  }
  res.writeHead(status, {
    'Content-Type': contentType(file),
    'Content-Length': size,
    ETag: etag,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function notFound(req: IncomingMessage, res: ServerResponse, root: StaticRoot): Promise<void> {
  const page = path.join(root.real, '404.html');
  const info = await stat(page).catch(() => undefined);
  if (info?.isFile()) return sendFile(req, res, page, info.size, info.mtimeMs, 404);
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
}

/**
 * Serves GET and HEAD requests from the site folder: files with their content type, a folder's
 * index.html (a folder without one is 404: nothing is ever listed), `/x` redirected to `/x/`
 * when x is a folder, and the site's 404.html for anything missing.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: StaticRoot, url: URL): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return;
  }
  const found = await resolvePath(root, url.pathname);
  if ('status' in found) {
    if (found.status === 404) return notFound(req, res, root);
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request\n');
    return;
  }
  let file = found.file;
  if (found.isDir) {
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const index = await resolvePath(root, `${url.pathname}index.html`);
    if ('status' in index || index.isDir) return notFound(req, res, root);
    file = index.file;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound(req, res, root);
  sendFile(req, res, file, info.size, info.mtimeMs);
}
