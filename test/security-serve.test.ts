/**
 * Issue 11, trust boundaries, item 9: `precept serve` answers only for the hosts it is reached by,
 * so a DNS-rebinding page (an attacker's name re-resolved to 127.0.0.1) can neither read `/api/me`
 * nor acknowledge under --dev-user, nor read the portal behind the sign-on proxy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ackOrg } from './helpers/ack-org.js';
import { runCli } from './helpers/run-cli.js';
import { fakeSite, raw, startServe } from './helpers/serve.js';

const now = new Date('2026-11-25T12:00:00Z');
const SECRET = 'correct-horse-battery-staple-42';
const LEDGER = 'records/acknowledgements.jsonl';
const site = () => fakeSite({ 'index.html': '<!doctype html><title>Portal</title><p>internal policies</p>' });

describe('item 9: Host allow-list', () => {
  it('--dev-user answers loopback names only: a rebinding page can neither read /api/me nor acknowledge', async () => {
    const repo = await ackOrg();
    const serve = await startServe(['--root', repo.dir, '--out', site(), '--dev-user', 'bob'], { now });
    try {
      const port = new URL(serve.url).port;
      const evil = `rebind.attacker.example:${port}`;
      const me = await raw(serve.url, '/api/me', { headers: { Host: evil } });
      expect([me.status, me.body]).toEqual([421, expect.stringMatching(/^Misdirected request: --dev-user answers only requests to a loopback name/)]);
      expect(me.body).not.toContain('bob');
      const ack = await raw(serve.url, '/api/ack', {
        method: 'POST', body: JSON.stringify({ policy: 'alpha', version: '2.0.0' }),
        headers: { Host: evil, Origin: `http://${evil}`, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' },
      });
      expect(ack.status).toBe(421);
      expect(() => readFileSync(path.join(repo.dir, LEDGER))).toThrow(/ENOENT/);
      // An address is no defence under --dev-user either: only this machine's own names.
      expect((await raw(serve.url, '/', { headers: { Host: `10.0.0.7:${port}` } })).status).toBe(421);
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST.:${port}`]) {
        expect([host, (await raw(serve.url, '/api/me', { headers: { Host: host } })).status]).toEqual([host, 200]);
      }
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('behind the proxy: the configured names, site.baseUrl, loopback names and addresses; nothing else', async () => {
    const repo = await ackOrg();
    const config = path.join(repo.dir, 'precept.config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nserver:\n  hosts: [policies.internal.example]\n`);
    const serve = await startServe(['--root', repo.dir, '--out', site(), '--allowed-host', 'policies.vpn.example'], { env: { PRECEPT_PROXY_SECRET: SECRET }, now });
    try {
      const signedIn = { 'X-Precept-Proxy-Secret': SECRET, 'X-Forwarded-Email': 'bob@fixture.example' };
      const get = async (host: string, pathname = '/') => (await raw(serve.url, pathname, { headers: { ...signedIn, Host: host } })).status;
      expect(await get('rebind.attacker.example')).toBe(421);
      expect(await get('rebind.attacker.example', '/api/me')).toBe(421);
      expect(await get('policies.internal.example.attacker.example')).toBe(421);
      expect([await get('policies.internal.example'), await get('Policies.Internal.Example:443'), await get('policies.vpn.example'),
        await get('127.0.0.1:8080'), await get('192.0.2.10'), await get('[2001:db8::1]:8080')]).toEqual([200, 200, 200, 200, 200, 200]);
      expect(await get('policies.internal.example', '/api/me')).toBe(200);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('refuses an --allowed-host that is not a host name', async () => {
    const repo = await ackOrg();
    const run = await runCli(['serve', '--root', repo.dir, '--out', site(), '--allowed-host', 'https://x.example/']);
    expect([run.code, run.stderr]).toEqual([2, 'precept serve: --allowed-host must be a host name such as policies.example.com, got "https://x.example/"\nRun `precept serve --help` for usage.\n']);
  });
});
