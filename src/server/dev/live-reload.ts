import type { ServerResponse } from 'node:http';

/**
 * The script the dev server adds to every page: reload after every build. The server puts the
 * errors of a failed build into the pages it serves, so they show after a reload too.
 */
export const LIVE_RELOAD_SCRIPT = `// precept dev: live reload
const events = new EventSource('/__precept/events');
events.addEventListener('reload', () => location.reload());
events.addEventListener('build-error', () => location.reload());
`;

/** The path pages load the live reload script from, and the path of its event stream. */
export const LIVE_RELOAD_PATH = '/__precept/live-reload.js';
export const EVENTS_PATH = '/__precept/events';

/** Server-sent events to every open page: `reload` after a build, `build-error` when one fails. */
export class ReloadHub {
  private readonly clients = new Set<ServerResponse>();

  /** Keeps a response open as an event stream. */
  attach(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Sends an event to every page. */
  send(event: 'reload' | 'build-error', data = ''): void {
    const payload = `event: ${event}\ndata: ${data.replace(/\r?\n/g, ' ')}\n\n`;
    for (const res of this.clients) res.write(payload);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream (so the server can close). */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
