import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import send from 'send';
import { contentType, isContentNamed } from './content-types.js';
import { resolvePath, type StaticRoot } from './path-guard.js';

/** How a server serves its site's files. */
export interface StaticOptions {
  /**
   * `revalidate` (the portal): browsers keep files but ask again each time (ETag,
   * Last-Modified), so a reloaded build shows at once; Pagefind's content-named files are kept
   * for good. `no-store` (the live preview): never kept.
   */
  cache: 'revalidate' | 'no-store';
  /** Rewrites every HTML page before it is sent (the live preview's reload script). */
  html?(text: string, req: IncomingMessage): string;
  /**
   * Whether this request may fetch a path (segments below the root, a folder's before its
   * index.html); a refusal is answered as missing, so nothing says the path exists.
   */
  allow?(segments: readonly string[]): boolean;
  /** Answers a request for something the site does not have (default: the site's 404.html, else text). */
  notFound?(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

function cacheControl(file: string, options: StaticOptions): string {
  if (options.cache === 'no-store') return 'no-store';
  return isContentNamed(file) ? IMMUTABLE : 'no-cache';
}

/** The site's own 404.html with status 404, or a line of text. */
async function defaultNotFound(req: IncomingMessage, res: ServerResponse, root: StaticRoot, options: StaticOptions): Promise<void> {
  const page = path.join(root.real, '404.html');
  const text = await readFile(page, 'utf8').catch(() => undefined);
  if (text === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : 'Not found\n');
    return;
  }
  const body = options.html ? options.html(text, req) : text;
  res.writeHead(404, { 'Content-Type': contentType(page), 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Sends a file with send (conditional requests, ranges, HEAD), its type and caching decided here. */
function sendFile(req: IncomingMessage, res: ServerResponse, root: StaticRoot, segments: readonly string[], file: string, options: StaticOptions, missing: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    res.setHeader('Content-Type', contentType(file));
    res.setHeader('Cache-Control', cacheControl(file, options));
    // send decodes the path again, so each real segment goes in percent-encoded.
    const stream = send(req, `/${segments.map(encodeURIComponent).join('/')}`, {
      root: root.real, index: false, dotfiles: 'allow', etag: true, lastModified: true, cacheControl: false, acceptRanges: true,
    });
    stream.on('error', (error: { status?: number }) => {
      // The file went away between the check and the read (a build swapped the site in).
      res.removeHeader('Content-Type');
      res.removeHeader('Cache-Control');
      if (error.status === 404) missing().then(resolve, reject);
      else {
        res.writeHead(error.status ?? 500, { 'Content-Type': 'text/plain; charset=utf-8' }).end();
        resolve();
      }
    });
    stream.on('end', () => resolve());
    res.on('close', () => resolve());
    stream.pipe(res);
  });
}

/**
 * Serves GET and HEAD requests from a site folder, for `precept serve` and `precept dev` alike:
 * precept's path guard first (no `..`, no hidden files, no symlinks out of the site), then the
 * file with its content type, ETag and Last-Modified (304 when unchanged), byte ranges, and the
 * caching the server asked for. A folder is served through its index.html (never listed), and
 * `/x` is redirected to `/x/` when x is a folder.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: StaticRoot, url: URL, options: StaticOptions): Promise<void> {
  const missing = () => Promise.resolve(options.notFound ? options.notFound(req, res) : defaultNotFound(req, res, root, options));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return;
  }
  let found = await resolvePath(root, url.pathname);
  if ('status' in found) {
    if (found.status === 404) return missing();
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request\n');
    return;
  }
  if (options.allow && !options.allow(found.segments)) return missing();
  if (found.isDir) {
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    found = await resolvePath(root, `${url.pathname}index.html`);
    if ('status' in found || found.isDir) return missing();
  }
  if (options.html && contentType(found.file).startsWith('text/html')) {
    const text = await readFile(found.file, 'utf8').catch(() => undefined);
    if (text === undefined) return missing();
    const body = options.html(text, req);
    res.writeHead(200, { 'Content-Type': contentType(found.file), 'Content-Length': Buffer.byteLength(body), 'Cache-Control': cacheControl(found.file, options) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (!(await stat(found.file).catch(() => undefined))?.isFile()) return missing();
  return sendFile(req, res, root, found.segments, found.file, options, missing);
}
