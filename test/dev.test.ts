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

it('shows the errors on every page while the build fails, from the first build on and after a reload', async () => {
  const repo = await portalRepo();
  const file = path.join(repo.dir, 'policies', 'encryption.md');
  const original = await readFile(file, 'utf8');
  await writeFile(file, original.replace('status: approved', 'status: aproved'));
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
    expect(stderr).toContain('policies/encryption.md:5:9 error schema status: must be one of draft, in-review, approved, retired; found "aproved" - did you mean approved?');
    // The first build failed: no site yet, so every page is the error page, on every visit.
    for (const visit of [url, url, new URL('policies/encryption/', url).href]) {
      const page = await fetch(visit);
      expect(page.status).toBe(503);
      const html = await page.text();
      expect(html).toContain('precept dev: the portal could not be built: check found 1 error');
      expect(html).toContain('policies/encryption.md:5:9 error schema status: must be one of draft, in-review, approved, retired; found &#34;aproved&#34; - did you mean approved?');
      expect(html).toContain('<script src="/__precept/live-reload.js"></script>');
    }
    expect((await fetch(new URL('assets/precept.css', url))).status).toBe(404);

    const events = await fetch(new URL('__precept/events', url));
    const reader = events.body!.getReader();
    const buffer = { text: '' };
    await writeFile(file, original);
    await nextEvent(reader, 'reload', buffer);
    const fixed = await fetch(url);
    expect(fixed.status).toBe(200);
    expect(await fixed.text()).not.toContain('precept-dev-error');

    // A later failure keeps the last good pages, each with the errors on top, reload after reload.
    await writeFile(file, original.replace('owner: ada', 'owner: adaa'));
    await nextEvent(reader, 'build-error', buffer);
    for (let i = 0; i < 2; i++) {
      const html = await (await fetch(new URL('policies/encryption/', url))).text();
      expect(html).toContain('Keys rotate every year.');
      expect(html).toMatch(/<body[^>]*>\n<div id="precept-dev-error" class="dev-error" role="alert">precept dev: the last change did not build \(check found 1 error\)/);
      expect(html).toContain('owner: unknown person &#34;adaa&#34; - did you mean ada?');
    }
    await reader.cancel();
  } finally {
    controller.abort();
  }
  expect(await done).toBe(0);
});
