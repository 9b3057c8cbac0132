import { watch, type FSWatcher } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ackKey, type AckEntry } from '../../records/acks/ack-index.js';
import { failure } from '../../core/i18n/failure.js';
import { GitRepo } from '../../history/git.js';
import { GroupCommitWriter } from '../../records/ledger/group-commit.js';
import { withFileLock } from '../../records/ledger/lock.js';
import { ledgerPath } from '../../records/ledger/read.js';
import { readSince } from '../../records/ledger/since.js';
import { ACKS_LEDGER } from '../../records/ledger/registry.js';
import { repairTornTail } from '../../records/ledger/repair.js';
import type { Project } from '../../repo/project/types.js';
import type { AcknowledgementRecord } from '../../repo/schema/types.generated.js';
import { serveStatic } from '../static/static-files.js';
import { SyncClone, type OnRebased } from '../sync/clone.js';
import { LedgerSync, type LogEvent } from '../sync/sync.js';
import { toIsoDate } from '../../core/dates/calendar.js';
import { handleApi } from './ack-api.js';
import { Reader } from './access.js';
import { identify } from './identity.js';
import { hostRefusal } from './host-guard.js';
import { health, reloadEndpoint } from './ops.js';
import { loadState, type ServeState } from './state.js';

export { isLoopback } from './state.js';

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
  /** One structured line per acknowledgement, sync, reload (the CLI prints them as JSON). */
  log?(event: LogEvent): void;
  /** Reads the repo again for a reload (default: the project given, unchanged). */
  reopen?(): Promise<Project>;
  /** --sync: commit and push the records the ledgers gain (config server.sync). */
  sync?: boolean;
  /** --watch: reload when a new build replaces the site folder. */
  watch?: boolean;
  /** Test hook passed to the sync (see SyncOptions.checkpoint). */
  syncCheckpoint?(point: 'after-commit'): void;
}

/** A running server: its address, and how to reload and stop it. */
export interface RunningServer {
  url: string;
  /** Loads the build, roster and policies again and swaps them in; the old state stays on failure. */
  reload(): Promise<ServeState>;
  /** Stops taking requests, answers those in flight once their records are on disk, syncs a last time, then closes. */
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The acknowledgement button must never be framed by another site (clickjacking).
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'Referrer-Policy': 'same-origin',
};

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

/** Runs jobs one after another: reloads and a sync's re-chaining of the ledgers never overlap. */
function serial(): <R>(job: () => Promise<R>) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Starts the portal server: the built site from `siteDir`, the acknowledgement API (`GET
 * /api/me`, `POST /api/ack`) over records/acknowledgements.jsonl, `GET /healthz` and `POST
 * /api/reload`. Repairs a torn last line first (warning), finishes a sync a crash interrupted,
 * and refuses a ledger that fails verification. With `sync`, pushes the records it takes.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { project } = options;
  const log = options.log ?? (() => undefined);
  const where = ledgerPath(project.root, project.config.paths.records, ACKS_LEDGER);
  const ledgerFile = path.resolve(where.path);
  await ensureFolder(path.dirname(where.path));
  const repaired = await repairTornTail(where.path, ACKS_LEDGER, { root: project.root });
  if (repaired?.action === 'completed') {
    options.warn(`record ${repaired.line} of ${where.file} lacked its final newline (an interrupted append); added it`);
  } else if (repaired) {
    options.warn(`removed an incomplete line ${repaired.line} (${repaired.bytes.length} bytes) from ${where.file}, left by an interrupted append: ${JSON.stringify(repaired.bytes.toString('utf8').slice(0, 120))}`);
  }
  const settings = project.config.server.sync;
  const git = await GitRepo.open(project.root);
  if (options.sync && !git) throw failure('serve.sync-needs-git', { root: project.root });
  let clone: SyncClone | undefined;
  if (git && (options.sync || (await SyncClone.interrupted(git)))) {
    clone = await SyncClone.open(git, project.root, project.config.paths.records, settings);
    if (await clone.recover(options.now(), () => undefined)) options.warn('finished moving the clone onto the remote\'s commit, which a stop had interrupted');
  }
  const inputs = { siteDir: options.siteDir, host: options.host, devUser: options.devUser, allowedHosts: options.allowedHosts ?? [], env: options.env, now: options.now, warn: options.warn };
  let current = await loadState(project, inputs);
  const writer = new GroupCommitWriter<AcknowledgementRecord>({
    file: ledgerFile, kind: ACKS_LEDGER, keyOf: ackKey,
    // Through `current`: after a reload, repeats are looked up in (and records added to) the new model.
    lookup: (key) => current.model.acks.byKey(key), onRecorded: (entry) => current.model.acks.add(entry),
    known: { size: current.model.ledger.size, lines: current.model.ledger.lines },
  });
  let records = current.model.ledger.lines;
  const exclusive = serial();
  const reloads = { count: 0, lastError: undefined as string | undefined };

  const reload = () => exclusive(async () => {
    const started = Date.now();
    try {
      const next = await loadState(options.reopen ? await options.reopen() : project, inputs);
      // Swapped under the ledger's lock, when no batch is being written: the new model first
      // learns of every record appended since it read the ledger.
      await withFileLock(ledgerFile, {}, async () => {
        const more = await readSince<AcknowledgementRecord>(ledgerFile, { size: next.model.ledger.size, lines: next.model.ledger.lines });
        for (const entry of more.entries) next.model.acks.add(entry);
        current = next;
      });
      reloads.count++;
      reloads.lastError = undefined;
      log({ event: 'reload', outcome: 'reloaded', policies: next.project.policies.length, people: next.project.roster.people.size, ms: Date.now() - started });
      return next;
    } catch (error) {
      reloads.lastError = (error as Error).message;
      log({ event: 'reload', outcome: 'failed', error: reloads.lastError, ms: Date.now() - started });
      throw error;
    }
  });

  const rebased: OnRebased = (ledger, outcome) => {
    if (ledger.kind !== ACKS_LEDGER) return;
    writer.replaced({ size: outcome.size, lines: outcome.lines }, outcome.upstream as AckEntry[]);
    records = outcome.lines;
  };
  const sync = options.sync && clone
    ? new LedgerSync({ clone, settings, now: options.now, log, rebased, exclusive, ...(options.syncCheckpoint ? { checkpoint: options.syncCheckpoint } : {}) })
    : undefined;

  let ready = true;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!ready) res.setHeader('Connection', 'close');
    if (!req.url?.startsWith('/')) {
      res.writeHead(400).end();
      return;
    }
    // One state for the whole request, whatever a reload swaps in meanwhile.
    const state = current;
    const refused = hostRefusal(req, state.hosts);
    if (refused) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`Misdirected request: ${refused}\n`);
      return;
    }
    // Joined, not resolved: a request for //host/x must stay a path, never become another host.
    const url = new URL(`http://localhost${req.url}`);
    if (url.pathname === '/healthz') return health(req, res, { state, ready, records, reloads, sync: sync?.status() });
    if (url.pathname === '/api/reload') return reloadEndpoint(req, res, state, reload);
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url, {
        model: state.model, writer, identity: state.identity, gate: state.gate, project: state.project, trustedOrigins: state.trustedOrigins, now: options.now,
        logError: options.warn,
        logAck: (event) => {
          records = Math.max(records, event.seq);
          log({ event: 'ack', ...event });
        },
      });
      return;
    }
    // Confidential and restricted policies: 404 for whoever is not among their readers, and links
    // to them taken out of every other page they would see.
    const who = identify(req, state.identity);
    // What a page shows depends on who asks: no cache may hand one person's copy to another.
    if (state.gate.paths.size) res.setHeader('Vary', state.identity.header);
    const reader = new Reader(state.gate, who.ok ? who.person : undefined, state.project, toIsoDate(options.now()));
    await serveStatic(req, res, state.root, url, {
      cache: 'revalidate', allow: (segments) => reader.allows(segments),
      // Pages that change per reader are rewritten on their tree; the rest go out as built (with ETags).
      ...(reader.hidesAnything() ? { html: (text: string) => reader.html(text, url.pathname) } : {}),
    });
  };
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.warn(`internal error on ${req.method} ${url(req)}: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? failure('serve.port-in-use', { port: String(options.port), host: options.host }, { cause: error })
      : failure('serve.cannot-listen', { port: String(options.port), host: options.host, error: error.message }, { cause: error })));
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  sync?.start();
  const watcher = options.watch ? watchBuilds(path.dirname(options.siteDir), path.basename(options.siteDir), () => {
    reload().catch(() => undefined);
  }) : undefined;
  log({ event: 'listening', url: `http://${host}:${address.port}/`, records, sync: sync ? `${settings.remote}/${clone!.branch}` : null });
  return {
    url: `http://${host}:${address.port}/`,
    reload,
    async close() {
      ready = false;
      watcher?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await writer.drain();
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(force);
      await writer.drain();
      // The records of the last moments go out too, so a deploy's restart leaves nothing behind.
      if (sync) await sync.stop(true);
      log({ event: 'stopped', records });
    },
  };
}

/** A request's path without its query, for messages (a query may carry anything). */
const url = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

/**
 * Calls `changed` (debounced) when the site folder inside `outDir` is replaced or changes: a
 * build swaps a new folder in by renaming it, which a watch on the parent folder sees.
 */
function watchBuilds(outDir: string, name: string, changed: () => void): FSWatcher {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(outDir, { persistent: false }, (_event, file) => {
    if (file !== null && file !== name) return;
    clearTimeout(timer);
    timer = setTimeout(changed, 300);
  });
  watcher.on('close', () => clearTimeout(timer));
  return watcher;
}
