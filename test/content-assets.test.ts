/**
 * Images and attachments across history and configuration: a past version shows the image it
 * had (read from git at its commit), remote images are shown and admitted by the CSP only when
 * site.remoteImages is allow, and a file over the size limit is an error at the link.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check/check.js';
import { TestRepo } from './helpers/git-repo.js';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const ORG = path.join(FIXTURES, 'content', 'org');
const policy = (version: string, body: string) => `---\nid: net\ntitle: Network Policy\nversion: ${version}\nstatus: draft\nowner: ada\nreview:\n  cycle: annual\nclassification: internal\n---\n\n${body}\n`;

/** A one-colour PNG. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(body));
    return Buffer.concat([head, body, tail]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function repoWith(config = ''): Promise<TestRepo> {
  const repo = await TestRepo.create('precept-assets-');
  cpSync(ORG, repo.dir, { recursive: true });
  if (config) writeFileSync(path.join(repo.dir, 'precept.config.yaml'), readFileSync(path.join(ORG, 'precept.config.yaml'), 'utf8') + config);
  return repo;
}

describe('policy assets', () => {
  it('shows each version with the image it had at its commit', async () => {
    const repo = await repoWith();
    const red = png(30, 10, [220, 30, 30]);
    const blue = png(30, 10, [30, 30, 220]);
    await repo.write({ 'policies/net.md': policy('0.1.0', '![Diagram](img/net.png)') });
    mkdirSync(path.join(repo.dir, 'policies', 'img'));
    writeFileSync(path.join(repo.dir, 'policies', 'img', 'net.png'), red);
    repo.commit('first', '2026-02-01T10:00:00Z');
    await repo.write({ 'policies/net.md': policy('0.2.0', '![Diagram](img/net.png)\n\nNow blue.') });
    writeFileSync(path.join(repo.dir, 'policies', 'img', 'net.png'), blue);
    repo.commit('second', '2026-03-01T10:00:00Z');
    const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    const site = path.join(repo.dir, 'dist', 'site');
    const src = (page: string) => /<img src="([^"]+)"/.exec(readFileSync(path.join(site, page), 'utf8'))?.[1];
    const old = src('policies/net/v/0.1.0/index.html')!;
    const now = src('policies/net/index.html')!;
    expect(old).toBe(`../../../../files/net-${sha(red).slice(0, 12)}.png`);
    expect(now).toBe(`../../files/net-${sha(blue).slice(0, 12)}.png`);
    expect(readFileSync(path.join(site, 'files', `net-${sha(red).slice(0, 12)}.png`))).toEqual(red);
    expect(readFileSync(path.join(site, 'files', `net-${sha(blue).slice(0, 12)}.png`))).toEqual(blue);
  }, 120_000);

  it('shows remote images, and lets the CSP admit them, only when site.remoteImages is allow', async () => {
    for (const [setting, shown] of [['', false], ['site:\n  remoteImages: allow\n', true]] as const) {
      const repo = await repoWith(setting);
      await repo.write({ 'policies/net.md': policy('0.1.0', '![Logo](https://cdn.example/logo.png)') });
      repo.commit('remote', '2026-03-01T10:00:00Z');
      const { diagnostics } = await check(repo.dir, { asOf: '2026-03-02' });
      expect(diagnostics.filter((d) => d.ruleId === 'remote-image').map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
        shown ? '12:1 remote image: https://cdn.example/logo.png: PDFs do not show it (they never fetch from the network)'
          : '12:1 remote image: https://cdn.example/logo.png: the portal does not show it (site.remoteImages is block)',
      ]);
      const run = await runCli(['build', '--no-pdf', '--root', repo.dir]);
      expect(run.code, run.stderr).toBe(0);
      const html = readFileSync(path.join(repo.dir, 'dist', 'site', 'policies', 'net', 'index.html'), 'utf8');
      expect(html.includes('<img src="https://cdn.example/logo.png"'), html.slice(html.indexOf('policy-body'), html.indexOf('policy-body') + 300)).toBe(shown);
      expect(/img-src (&#x27;|')self(&#x27;|') data: https:/.test(html)).toBe(shown);
    }
  }, 120_000);

  it('refuses a file over the size limit at the link that shows it', async () => {
    const repo = await repoWith();
    await repo.write({ 'policies/net.md': policy('0.1.0', 'Intro.\n\n[Scan](scans/big.pdf)') });
    mkdirSync(path.join(repo.dir, 'policies', 'scans'));
    writeFileSync(path.join(repo.dir, 'policies', 'scans', 'big.pdf'), Buffer.alloc(11 * 1024 * 1024, 1));
    const { diagnostics } = await check(repo.dir, { asOf: '2026-03-02' });
    expect(diagnostics.filter((d) => d.ruleId === 'asset-too-large').map((d) => `${d.line}:${d.column} ${d.severity}`)).toEqual(['14:1 error']);
  });
});
