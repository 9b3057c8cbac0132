import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SyncStatus } from '../sync/sync.js';
import { forwardedHost, fromProxy } from './identity.js';
import { crossSiteReason } from './request-guard.js';
import type { ServeState } from './state.js';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** What /healthz reports besides the state. */
export interface Health {
  state: ServeState;
  /** false while stopping. */
  ready: boolean;
  /** The acknowledgement ledger's records (complete lines on disk). */
  records: number;
  reloads: { count: number; lastError: string | undefined };
  sync: SyncStatus | undefined;
}

/**
 * GET /healthz: 200 when the server takes acknowledgements (ready, ledger verified), 503
 * otherwise; the body says since when the state is loaded and how syncing goes. Nothing in it
 * is personal or secret, so it needs no sign-in (load balancers and monitors call it).
 */
export function health(req: IncomingMessage, res: ServerResponse, h: Health): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, { error: 'method-not-allowed' });
  }
  const intact = h.state.model.intact;
  const syncFailing = Boolean(h.sync?.lastError);
  const status = !h.ready ? 'stopping' : !intact ? 'ledger-broken' : syncFailing ? 'degraded' : 'ok';
  send(res, h.ready && intact ? 200 : 503, {
    status,
    ready: h.ready,
    ledger: { file: h.state.model.ledger.file, intact, records: h.records },
    state: { loadedAt: h.state.loadedAt, reloads: h.reloads.count, lastReloadError: h.reloads.lastError ?? null },
    sync: h.sync ?? null,
  });
}

/**
 * POST /api/reload: loads the build, roster and policies again and swaps them in. Only for the
 * operator's side of the proxy: the request must carry the proxy's secret, and not be cross-site.
 */
export async function reloadEndpoint(req: IncomingMessage, res: ServerResponse, state: ServeState, reload: () => Promise<ServeState>): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return send(res, 405, { error: 'method-not-allowed', message: `${req.method} is not allowed here` });
  }
  const proxied = fromProxy(req, state.identity);
  const cross = crossSiteReason(req, state.trustedOrigins, forwardedHost(req, state.identity, proxied));
  if (cross) return send(res, 403, { error: 'cross-site', message: cross });
  if (!proxied) return send(res, 401, { error: 'not-authorized', message: "reloading needs the proxy's secret" });
  req.resume();
  try {
    const next = await reload();
    send(res, 200, { reloaded: true, loadedAt: next.loadedAt, policies: next.project.policies.length, people: next.project.roster.people.size });
  } catch (error) {
    send(res, 500, { error: 'reload-failed', message: (error as Error).message });
  }
}
