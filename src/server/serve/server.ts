import { mkdir, open, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ackKey } from '../../records/acks/ack-index.js';
import { loadAckModel } from '../../records/acks/model.js';
import { personFinder } from '../../records/acks/validity.js';
import { PreceptError, UsageError } from '../../core/errors.js';
import { GroupCommitWriter } from '../../records/ledger/group-commit.js';
import { ledgerPath } from '../../records/ledger/read.js';
import { ACKS_LEDGER } from '../../records/ledger/registry.js';
import { repairTornTail } from '../../records/ledger/repair.js';
import type { Project } from '../../repo/project/types.js';
import { handleApi, type AckApi } from './ack-api.js';
import { hostPolicy, hostRefusal, isLoopbackName } from './host-guard.js';
import type { IdentitySettings } from './identity.js';
import { serveStatic, staticRoot } from './static-files.js';

/** What `precept serve` needs. */
export interface ServeOptions {
  project: Project;
  /** The built site: `<out>/site`. */
  siteDir: string;
  host: string;
  port: number;
  /** --dev-user: a person id or email everyone is taken to be. */
  devUser?: string | undefined;
  /** --allowed-host: host names to answer for besides those in the config. */
  allowedHosts?: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
  /** Warnings for the operator (a repaired ledger, no sign-on secret). */
  warn(message: string): void;
}

/** A running server: its address, and how to stop it. */
export interface RunningServer {
  url: string;
  /** Stops taking requests, answers those in flight once their records are on disk, then closes. */
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The acknowledgement button must never be framed by another site (clickjacking).
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'Referrer-Policy': 'same-origin',
};

/** Whether a listening address only reaches this machine. */
export function isLoopback(host: string): boolean {
  return host === '::1' || isLoopbackName(host.toLowerCase());
}

/** Makes sure the records folder exists (and survives a power cut) before the first append. */
async function ensureFolder(dir: string): Promise<void> {
  if (await stat(dir).then(() => true, () => false)) return;
  await mkdir(dir, { recursive: true });
  const parent = await open(path.dirname(dir), 'r');
  try {
    await parent.sync();
  } finally {
    await parent.close();
  }
}

function identitySettings(options: ServeOptions, findPerson: IdentitySettings['findPerson']): IdentitySettings {
  const { server } = options.project.config;
  let devUser;
  if (options.devUser !== undefined) {
    if (!isLoopback(options.host)) throw new UsageError(`--dev-user trusts everyone who connects as ${options.devUser}; it only works with a loopback --host (127.0.0.1), not ${options.host}`);
    devUser = findPerson(options.devUser);
    if (!devUser) throw new UsageError(`--dev-user: no person "${options.devUser}" in ${options.project.roster.file}`);
  }
  const secret = options.env[server.secretEnv] || undefined;
  if (!devUser && secret === undefined) {
    options.warn(`no proxy secret in $${server.secretEnv}: nobody can be signed in, so the portal hides the acknowledgement button (set it to the secret your sign-on proxy sends in ${server.secretHeader}, or use --dev-user for a trial)`);
  } else if (!devUser && secret !== undefined && secret.length < 16) {
    options.warn(`the proxy secret in $${server.secretEnv} is only ${secret.length} characters; use a long random value`);
  }
  return { header: server.identityHeader.toLowerCase(), secretHeader: server.secretHeader.toLowerCase(), secret, devUser, findPerson };
}

/**
 * Starts the portal server: the built site from `siteDir`, and the acknowledgement API
 * (`GET /api/me`, `POST /api/ack`) over records/acknowledgements.jsonl. Repairs a torn last line
 * first (warning), and refuses a ledger that fails verification.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { project } = options;
  const root = await staticRoot(options.siteDir);
  if (!root) throw new PreceptError(`no built site at ${options.siteDir}: run \`precept build\` first, or pass --out`);
  const where = ledgerPath(project.root, project.config.paths.records, ACKS_LEDGER);
  await ensureFolder(path.dirname(where.path));
  const repaired = await repairTornTail(where.path, ACKS_LEDGER, { root: project.root });
  if (repaired?.action === 'completed') {
    options.warn(`record ${repaired.line} of ${where.file} lacked its final newline (an interrupted append); added it`);
  } else if (repaired) {
    options.warn(`removed an incomplete line ${repaired.line} (${repaired.bytes.length} bytes) from ${where.file}, left by an interrupted append: ${JSON.stringify(repaired.bytes.toString('utf8').slice(0, 120))}`);
  }
  const model = await loadAckModel(project);
  if (!model.intact) {
    throw new PreceptError(`${model.ledger.file} fails verification; fix it before serving acknowledgements (precept ledger verify)`, { exitCode: 1, diagnostics: model.ledger.diagnostics });
  }
  for (const note of model.notes) options.warn(note);
  const findPerson = personFinder(project.roster);
  const identity = identitySettings(options, findPerson);
  const writer = new GroupCommitWriter({
    file: path.resolve(where.path), kind: ACKS_LEDGER, keyOf: ackKey,
    lookup: (key) => model.acks.byKey(key), onRecorded: (entry) => model.acks.add(entry),
    known: { size: model.ledger.size, lines: model.ledger.lines },
  });
  const baseUrl = project.config.site.baseUrl;
  const hosts = hostPolicy({
    devUser: identity.devUser !== undefined, listenHost: options.host, baseUrl,
    hosts: [...project.config.server.hosts, ...(options.allowedHosts ?? [])],
  });
  const api: AckApi = {
    model, writer, identity, now: options.now,
    trustedOrigins: new Set(baseUrl ? [new URL(baseUrl).origin] : []),
    logError: options.warn,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!req.url?.startsWith('/')) {
      res.writeHead(400).end();
      return;
    }
    const refused = hostRefusal(req, hosts);
    if (refused) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`Misdirected request: ${refused}\n`);
      return;
    }
    // Joined, not resolved: a request for //host/x must stay a path, never become another host.
    const url = new URL(`http://localhost${req.url}`);
    if (url.pathname.startsWith('/api/')) await handleApi(req, res, url, api);
    else await serveStatic(req, res, root, url);
  };
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.warn(`internal error on ${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new PreceptError(
      error.code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is in use; pick another with --port` : `cannot listen on ${options.host}:${options.port}: ${error.message}`, { cause: error })));
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await writer.drain();
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(force);
    },
  };
}
