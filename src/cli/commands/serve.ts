import path from 'node:path';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { openRepo } from '../../history/repo.js';
import { startServer } from '../../server/serve/server.js';
import type { LogEvent } from '../../server/sync/sync.js';
import { COMMON, type Command } from '../command.js';
import { loadMessages } from '../../core/i18n/messages.js';

/** --port: 0..65535 (0 picks a free port). */
function port(value: string | undefined): number {
  if (value === undefined) return 8080;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw usageFailure('cli.serve-port', { value });
  return Number(value);
}

/** --allowed-host values, each a host name (no scheme, port or path). */
function allowedHosts(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  for (const h of list) {
    if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(h)) throw usageFailure('cli.allowed-host', { value: h });
  }
  return list;
}

/** The environment variable a test sets to stop the server dead at a point of a sync (tests only). */
const CRASH_ENV = 'PRECEPT_SYNC_TEST_CRASH';

/** `precept serve`: the built portal plus the acknowledgement endpoint. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the built portal with its acknowledgement button (POST /api/ack) behind your sign-on proxy',
  options: {
    root: COMMON.root,
    out: COMMON.out,
    port: { type: 'string', value: 'N', description: 'port to listen on (default 8080; 0 picks a free one)' },
    host: { type: 'string', value: 'HOST', description: 'address to listen on (default 127.0.0.1: put the sign-on proxy in front)' },
    'dev-user': { type: 'string', value: 'PERSON', description: 'local trials: treat every request as this person (id or email); loopback only' },
    sync: { type: 'boolean', description: 'commit the records it takes and push them to the policy repo (config server.sync)' },
    watch: { type: 'boolean', description: 'reload when a new build replaces <out>/site/' },
    'allowed-host': { type: 'string', multiple: true, value: 'NAME', description: 'a host name the portal is reached by, besides server.hosts and site.baseUrl (repeatable)' },
  },
  details: `Serves <out>/site/ and records acknowledgements in records/acknowledgements.jsonl.
The person is read from the header in server.identityHeader (default X-Forwarded-Email), trusted
only when the request carries the proxy's shared secret (header server.secretHeader, value in the
environment variable server.secretEnv, default PRECEPT_PROXY_SECRET). Requests are answered only
for loopback names, IP addresses, site.baseUrl's host and server.hosts (--dev-user: loopback names
only), so a DNS-rebinding page cannot read the portal.
SIGHUP, POST /api/reload (with the proxy's secret) or, with --watch, a new build: load the build,
roster and policies again without dropping a request. GET /healthz: ready, ledger, last sync.
Logs one JSON line per acknowledgement, sync and reload on stdout. Stop with Ctrl-C or SIGTERM:
requests in flight are answered, and with --sync the last records pushed. See docs/operations.md.`,
  async run(ctx) {
    const { project } = await ctx.openRepo('part');
    const messages = loadMessages(project.config.locale);
    const out = path.resolve(ctx.io.cwd, ctx.string('out') ?? path.join(ctx.root, 'dist'));
    const crashAt = ctx.io.env[CRASH_ENV];
    // The acknowledgements one group commit answers are logged with one write to stdout, not
    // one each (a write per line was ~10% of the server's CPU under load): their lines wait for
    // the end of this turn of the event loop. Any other line writes them out first, in order.
    let acks = '';
    const flush = () => {
      if (!acks) return;
      const text = acks;
      acks = '';
      ctx.out(text);
    };
    // The time as text, rendered once per millisecond: under load many lines share one, and
    // toISOString is a good part of the cost of a line.
    let clock = { ms: Number.NaN, iso: '' };
    const time = () => {
      const now = ctx.now();
      if (now.getTime() !== clock.ms) clock = { ms: now.getTime(), iso: now.toISOString() };
      return clock.iso;
    };
    const log = (event: LogEvent) => {
      const line = `${JSON.stringify({ time: time(), ...event })}\n`;
      if (event.event !== 'ack') {
        flush();
        ctx.out(line);
        return;
      }
      if (!acks) setImmediate(flush);
      acks += line;
    };
    const server = await startServer({
      project,
      siteDir: path.join(out, 'site'),
      host: ctx.string('host') ?? '127.0.0.1',
      port: port(ctx.string('port')),
      devUser: ctx.string('dev-user'),
      allowedHosts: allowedHosts(ctx.values['allowed-host']),
      env: ctx.io.env,
      now: () => ctx.now(),
      warn: (message) => ctx.err(messages.t('cli.serve.warning', { message })),
      log,
      // A reload never swaps a working state for one that lost a file to load errors (a broken
      // roster would sign everyone out): it fails, and the server goes on as it was.
      reopen: async () => {
        const repo = await openRepo(ctx.root);
        if (repo.skipped.length) {
          throw failure('serve.not-reloaded', { problems: repo.skipped.map((f) => `${f.file}:${f.first.line}:${f.first.column} ${f.first.message}`).join('; ') });
        }
        return repo.project;
      },
      sync: ctx.flag('sync'),
      watch: ctx.flag('watch'),
      // A test stands in for a power cut at a chosen point; nothing gets to clean up.
      ...(crashAt ? { syncCheckpoint: (point: string) => (point === crashAt ? process.kill(process.pid, 'SIGKILL') : undefined) } : {}),
    });
    flush();
    ctx.out(messages.t('cli.serve.serving', {
      site: path.relative(ctx.io.cwd, path.join(out, 'site')) || '.', url: server.url, ledger: `${project.config.paths.records}/acknowledgements.jsonl`,
      who: ctx.string('dev-user') !== undefined ? 'dev' : 'proxy', person: ctx.string('dev-user') ?? '',
      identity: project.config.server.identityHeader, secret: project.config.server.secretHeader,
    }));
    const stopListening = ctx.io.onReload?.(() => {
      server.reload().catch((error: Error) => ctx.err(messages.t('cli.serve.reload-failed', { error: error.message })));
    });
    try {
      const signal = ctx.io.signal;
      await new Promise<void>((resolve) => {
        if (!signal) return;
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      stopListening?.();
      await server.close();
    }
    flush();
    ctx.out(messages.t('cli.serve.stopped'));
    return 0;
  },
};
