import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PreceptError } from '../../core/errors.js';
import { BuildStatus } from './build-status.js';
import { errorBanner, errorPage } from './error-page.js';
import { EVENTS_PATH, LIVE_RELOAD_PATH, LIVE_RELOAD_SCRIPT, type ReloadHub } from './live-reload.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ics': 'text/calendar; charset=utf-8',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

/** A running dev server. */
export interface DevServer {
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/** The file a request path names inside the site folder, or undefined when it would leave it. */
export function resolveRequest(siteDir: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const normal = path.posix.normalize(`/${decoded}`);
  const file = path.join(siteDir, ...normal.split('/').filter(Boolean));
  return file === siteDir || file.startsWith(siteDir + path.sep) ? file : undefined;
}

/** Whether a request is for a page (what a browser navigates to), not a file a page loads. */
function wantsPage(req: IncomingMessage, pathname: string): boolean {
  return pathname.endsWith('/') || pathname.endsWith('.html') || (req.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built site on 127.0.0.1 only, with the live reload script added to every page.
 * While the last build failed, pages carry its errors, and a page the last good build does not
 * have (none at all when the first build failed) is the error page instead of "not found".
 * Requests naming another host are refused (no DNS rebinding onto a developer's machine).
 */
export async function startServer(siteDir: string, port: number, hub: ReloadHub, status: BuildStatus = new BuildStatus()): Promise<DevServer> {
  let origin = '';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return send(res, 403, 'precept dev only answers requests for 127.0.0.1 or localhost\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === EVENTS_PATH) return hub.attach(res);
    if (url.pathname === LIVE_RELOAD_PATH) return send(res, 200, LIVE_RELOAD_SCRIPT, TYPES['.js']);
    let file = resolveRequest(siteDir, url.pathname);
    if (!file) return send(res, 400, 'bad path\n');
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
        return res.end();
      }
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    const failure = status.failure;
    if (!info?.isFile()) {
      if (failure && wantsPage(req, url.pathname)) return send(res, 503, req.method === 'HEAD' ? '' : errorPage(failure), TYPES['.html']);
      return send(res, 404, `not found: ${url.pathname}\n`);
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) {
      let html = (await readFile(file, 'utf8')).replace(/<\/body>/i, `<script src="${LIVE_RELOAD_PATH}"></script>\n</body>`);
      if (failure) html = html.replace(/<body[^>]*>/i, (open) => `${open}\n${errorBanner(failure)}`);
      return send(res, 200, req.method === 'HEAD' ? '' : html, type);
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, `${error.message}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new PreceptError(`port ${port} on 127.0.0.1 is in use: stop what uses it or pass --port`)
        : new PreceptError(`cannot serve on 127.0.0.1:${port}: ${error.message}`, { cause: error }));
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    close: () => new Promise<void>((resolve) => {
      hub.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
