/**
 * One static file server for `precept dev` and `precept serve`: the same types, the same path
 * guard, conditional requests, ranges and HEAD; caching as each server needs.
 */
import { BuildStatus } from '../src/server/dev/build-status.js';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReloadHub } from '../src/server/dev/live-reload.js';
import { startServer as startDev, type DevServer } from '../src/server/dev/server.js';
import { ackOrg } from './helpers/ack-org.js';
import { fakeSite, raw, startServe, type ServeRun } from './helpers/serve.js';

const FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>Portal</title><body><p>home</p></body>',
  'reviews.ics': 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
  'site.webmanifest': '{"name":"Portal"}',
  'pagefind/wasm.en.pagefind': 'wasm-ish',
  'pagefind/pagefind_bg.wasm': '\0asm',
  'pagefind/fragment/en_3f2a.pf_fragment': 'fragment',
  'pagefind/index/en_91bc.pf_index': 'index',
  'assets/site.css': '0123456789abcdef',
  '.env': 'SECRET=1',
};

let out: string;
let serve: ServeRun;
let dev: DevServer;

beforeAll(async () => {
  out = fakeSite(FILES);
  symlinkSync('/etc', path.join(out, 'site', 'escape'));
  const repo = await ackOrg();
  serve = await startServe(['--root', repo.dir, '--out', out]);
  dev = await startDev(path.join(out, 'site'), 0, new ReloadHub(), new BuildStatus());
});

afterAll(async () => {
  await dev.close();
  expect(await serve.stop()).toBe(0);
});

const servers = () => [['serve', serve.url], ['dev', dev.url]] as const;

describe('both servers', () => {
  it('give every kind of file the same content type (reviews.ics is text/calendar under both)', async () => {
    const types: Record<string, string[]> = {};
    for (const [name, url] of servers()) {
      for (const file of ['reviews.ics', 'site.webmanifest', 'pagefind/wasm.en.pagefind', 'pagefind/pagefind_bg.wasm', 'pagefind/fragment/en_3f2a.pf_fragment', 'assets/site.css']) {
        const r = await raw(url, `/${file}`);
        expect([name, file, r.status]).toEqual([name, file, 200]);
        (types[file] ??= []).push(String(r.headers['content-type']));
      }
    }
    expect(types).toEqual({
      'reviews.ics': ['text/calendar; charset=utf-8', 'text/calendar; charset=utf-8'],
      'site.webmanifest': ['application/manifest+json', 'application/manifest+json'],
      'pagefind/wasm.en.pagefind': ['application/octet-stream', 'application/octet-stream'],
      'pagefind/pagefind_bg.wasm': ['application/wasm', 'application/wasm'],
      'pagefind/fragment/en_3f2a.pf_fragment': ['application/octet-stream', 'application/octet-stream'],
      'assets/site.css': ['text/css; charset=utf-8', 'text/css; charset=utf-8'],
    });
  });

  it('answer HEAD, byte ranges and conditional requests', async () => {
    for (const [name, url] of servers()) {
      const head = await raw(url, '/assets/site.css', { method: 'HEAD' });
      expect([name, head.status, head.headers['content-length'], head.body]).toEqual([name, 200, '16', '']);
      const range = await raw(url, '/assets/site.css', { headers: { Range: 'bytes=4-7' } });
      expect([name, range.status, range.headers['content-range'], range.body]).toEqual([name, 206, 'bytes 4-7/16', '4567']);
      const full = await raw(url, '/assets/site.css');
      expect(full.headers.etag).toBeTruthy();
      expect(full.headers['last-modified']).toBeTruthy();
      const again = await raw(url, '/assets/site.css', { headers: { 'If-None-Match': String(full.headers.etag) } });
      expect([name, again.status, again.body]).toEqual([name, 304, '']);
    }
  });

  it('refuse hidden files, symlinks out of the site and paths that climb out', async () => {
    for (const [name, url] of servers()) {
      for (const p of ['/.env', '/escape/passwd', '/missing.css']) expect([name, p, (await raw(url, p)).status]).toEqual([name, p, 404]);
      for (const p of ['/assets/..%2f..%2f..%2fetc%2fpasswd', '/..%2f..%2fetc%2fpasswd', '/%00']) {
        expect([name, p, (await raw(url, p)).status]).toEqual([name, p, 400]);
      }
    }
  });
});

describe('caching', () => {
  it('serve: pages and assets revalidate, Pagefind\'s content-named files are kept for good; dev: nothing is kept', async () => {
    const cache = async (url: string, p: string) => (await raw(url, p)).headers['cache-control'];
    expect(await cache(serve.url, '/')).toBe('no-cache');
    expect(await cache(serve.url, '/assets/site.css')).toBe('no-cache');
    expect(await cache(serve.url, '/pagefind/fragment/en_3f2a.pf_fragment')).toBe('public, max-age=31536000, immutable');
    expect(await cache(serve.url, '/pagefind/index/en_91bc.pf_index')).toBe('public, max-age=31536000, immutable');
    for (const p of ['/', '/assets/site.css', '/pagefind/fragment/en_3f2a.pf_fragment']) expect(await cache(dev.url, p)).toBe('no-store');
  });

  it('dev adds the live reload script to pages; serve sends them as built', async () => {
    expect((await raw(dev.url, '/')).body).toBe('<!doctype html><title>Portal</title><body><p>home</p><script src="/__precept/live-reload.js"></script>\n</body>');
    expect((await raw(serve.url, '/')).body).toBe(FILES['index.html']);
  });
});
