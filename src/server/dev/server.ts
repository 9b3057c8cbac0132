import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failure } from '../../core/i18n/failure.js';
import { contentType } from '../static/content-types.js';
import { staticRoot } from '../static/path-guard.js';
import { serveStatic } from '../static/static-files.js';
import type { BuildStatus } from './build-status.js';
import { errorBanner, errorPage } from './error-page.js';
import { EVENTS_PATH, LIVE_RELOAD_PATH, LIVE_RELOAD_SCRIPT, type ReloadHub } from './live-reload.js';

/** A running dev server. */
export interface DevServer {
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/** Adds the live reload script to a page. */
function withReload(html: string): string {
  return html.replace(/<\/body>/i, `<script src="${LIVE_RELOAD_PATH}"></script>\n</body>`);
}

/** Whether a request is for a page a person looks at (not an asset), so it may get the error page. */
function wantsPage(req: IncomingMessage, pathname: string): boolean {
  return pathname.endsWith('/') || pathname.endsWith('.html') || (req.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built site on 127.0.0.1 only, with the live reload script added to every page,
 * through the same static file server as `precept serve` (never cached: pages change with every
 * build). While the last build failed, pages carry its errors, and a page the last good build
 * does not have (none at all when the first build failed) is the error page instead of "not
 * found". Requests naming another host are refused (no DNS rebinding onto a developer's machine).
 */
export async function startServer(siteDir: string, port: number, hub: ReloadHub, status: BuildStatus): Promise<DevServer> {
  let origin = '';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return send(res, 403, 'precept dev only answers requests for 127.0.0.1 or localhost\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === EVENTS_PATH) return hub.attach(res);
    if (url.pathname === LIVE_RELOAD_PATH) return send(res, 200, LIVE_RELOAD_SCRIPT, contentType('live-reload.js'));
    // The site folder is resolved on every request: a build may have swapped a new one in.
    const failure = status.failure;
    const missing = (response: ServerResponse) => (failure && wantsPage(req, url.pathname)
      ? send(response, 503, req.method === 'HEAD' ? '' : errorPage(failure), contentType('error.html'))
      : send(response, 404, `not found: ${url.pathname}\n`));
    const root = await staticRoot(siteDir);
    if (!root) return missing(res);
    await serveStatic(req, res, root, url, {
      cache: 'no-store',
      html: (text) => {
        const page = withReload(text);
        return failure ? page.replace(/<body[^>]*>/i, (open) => `${open}\n${errorBanner(failure)}`) : page;
      },
      notFound: (_req, response) => missing(response),
    });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, `${error.message}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? failure('serve.dev-port-in-use', { port: String(port) })
        : failure('serve.dev-cannot-serve', { port: String(port), error: error.message }, { cause: error }));
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
