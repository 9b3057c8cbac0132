/** `precept dev` in-process: serve, rebuild on an edit or a new ledger record, tell pages to reload, report failed builds, stop on abort. */
import { request } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { portalRepo } from './helpers/portal-repo.js';
import { runCli } from './helpers/run-cli.js';

/** Reads server-sent events until one of the given name arrives; returns its data. */
async function nextEvent(reader: ReadableStreamDefaultReader<Uint8Array>, name: string, buffer: { text: string }): Promise<string> {
  const decoder = new TextDecoder();
  for (;;) {
    const m = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(buffer.text);
    if (m) {
      buffer.text = buffer.text.slice(m.index + m[0].length);
      return m[1]!;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error(`event stream ended before "${name}"`);
    buffer.text += decoder.decode(value, { stream: true });
  }
}

it('serves the site, rebuilds on change with live reload, and stops on abort', async () => {
  const repo = await portalRepo();
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  let announce: (url: string) => void;
  const served = new Promise<string>((resolve) => (announce = resolve));
  const done = main({
    argv: ['dev', '--root', repo.dir, '--port', '0'],
    cwd: repo.dir,
    stdout: { write: (s: string) => { stdout += s; const m = /Serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout); if (m) announce(m[1]!); } },
    stderr: { write: (s: string) => (stderr += s) },
    env: { NO_COLOR: '1' },
    signal: controller.signal,
  });
  try {
    const url = await Promise.race([served, done.then((code) => { throw new Error(`dev exited ${code}: ${stderr}`); })]);
    expect(stdout).toMatch(/^Built 2 policies, \d+ pages in \d+\.\d s\n/);
    const home = await (await fetch(url)).text();
    expect(home).toContain('<h1>Quokka Labs policies</h1>');
    expect(home).toContain('<script src="/__precept/live-reload.js"></script>\n</body>');
    expect((await fetch(new URL('policies/encryption/', url))).status).toBe(200);
    expect((await fetch(new URL('policies/nope/index.html', url))).status).toBe(404);
    const foreignHost = await new Promise<number>((resolve, reject) => {
      request(url, { headers: { Host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject).end();
    });
    expect(foreignHost).toBe(403);

    const events = await fetch(new URL('__precept/events', url));
    const reader = events.body!.getReader();
    const buffer = { text: '' };
    const file = path.join(repo.dir, 'policies', 'encryption.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('Keys rotate every year.', 'Keys rotate every ninety days.'));
    await nextEvent(reader, 'reload', buffer);
    expect(await (await fetch(new URL('policies/encryption/index.html', url))).text()).toContain('Keys rotate every ninety days.');
    expect(stdout).toMatch(/Rebuilt after policies\/encryption\.md in \d+\.\d s/);

    await writeFile(file, original.replace('status: approved', 'status: bogus'));
    expect(await nextEvent(reader, 'build-error', buffer)).toMatch(/check found 1 error/);
    expect(stderr).toMatch(/policies\/encryption\.md:5:9 error/);
    expect(await (await fetch(new URL('policies/encryption/index.html', url))).text()).toContain('Keys rotate every ninety days.');
    await writeFile(file, original);
    await nextEvent(reader, 'reload', buffer);

    // records/ is watched: a new acknowledgement moves the home page's bar (the lock file may start a build of its own first).
    const acked = await runCli(['ack', 'access-control', '--as', 'cy', '--root', repo.dir], { now: new Date('2026-06-02T12:00:00Z') });
    expect(acked.code, acked.stderr).toBe(0);
    let home2 = '';
    for (let i = 0; i < 3 && !home2.includes('3 of 3'); i++) {
      await nextEvent(reader, 'reload', buffer);
      home2 = await (await fetch(url)).text();
    }
    expect(home2).toMatch(/<td class="ack-share-count">3 of 3<\/td>/);
    await reader.cancel();
    expect((await fetch(new URL('pagefind/pagefind.js', url))).status).toBe(200);
  } finally {
    controller.abort();
  }
  expect(await done).toBe(0);
});
