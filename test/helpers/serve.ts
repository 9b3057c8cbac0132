import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';

/** A `precept serve` running in-process: its URL, what it printed, and how to stop it. */
export interface ServeRun {
  url: string;
  stderr(): string;
  stdout(): string;
  /** Aborts the server and returns main()'s exit code. */
  stop(): Promise<number>;
  /** Resolves with the first complete stdout line printed from now on that `match` accepts. */
  waitFor(match: (line: string) => boolean): Promise<string>;
}

/** Runs `precept serve ...args --port 0` in-process until the URL is printed. */
export async function startServe(args: string[], options: { env?: Record<string, string>; now?: Date } = {}): Promise<ServeRun> {
  let out = '';
  let err = '';
  const controller = new AbortController();
  const waiters: { from: number; match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const line = out.slice(w.from, out.lastIndexOf('\n') + 1).split('\n').find((l) => l && w.match(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  let found: (url: string) => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const ready = new Promise<string>((resolve, reject) => {
    found = resolve;
    failed = reject;
  });
  const done = main({
    argv: ['serve', '--port', '0', ...args],
    cwd: process.cwd(),
    stdout: { write: (s: string) => { out += s; const m = /at (http:\/\/\S+\/)/.exec(out); if (m) found(m[1]!); check(); return true; } },
    stderr: { write: (s: string) => { err += s; return true; } },
    env: { NO_COLOR: '1', ...options.env },
    ...(options.now ? { now: () => options.now! } : {}),
    signal: controller.signal,
  });
  done.then((code) => failed(new Error(`serve exited ${code} before listening:\n${err}`)), failed);
  const url = await ready;
  return {
    url, stderr: () => err, stdout: () => out, stop: async () => { controller.abort(); return done; },
    waitFor: (match) => new Promise((resolve) => {
      waiters.push({ from: out.length, match, resolve });
    }),
  };
}

/** A minimal built site in a fresh out folder: `<out>/site/` with the given files. */
export function fakeSite(files: Record<string, string>): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'precept-site-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(out, 'site', rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return out;
}

/** A raw HTTP request (the path is sent exactly as given, unlike fetch). */
export function raw(url: string, pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: pathname, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
