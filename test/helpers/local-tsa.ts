import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway RFC 3161 timestamp authority: key, certificate and `openssl ts` configuration. */
export interface TsaAuthority {
  dir: string;
  /** PEM of the TSA's certificate. */
  certificate: string;
  config: string;
}

/**
 * Makes a TSA in a temporary folder: an RSA key and a self-signed certificate whose only
 * extended key usage is timeStamping, marked critical (as `openssl ts -reply` requires).
 */
export async function createTsaAuthority(options: { subject?: string; extraCertificates?: number } = {}): Promise<TsaAuthority> {
  const subject = options.subject ?? '/O=Precept Tests/CN=Precept Test TSA';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-tsa-'));
  const certificate = path.join(dir, 'tsa.crt');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'tsa.key'), '-out', certificate, '-days', '30',
    '-subj', subject, '-addext', 'extendedKeyUsage=critical,timeStamping', '-addext', 'keyUsage=critical,digitalSignature']);
  await writeFile(path.join(dir, 'serial'), '01\n');
  // A token as large as one carrying a long chain: the TSA's own certificate, many times.
  const extra = options.extraCertificates ? await readFile(certificate, 'utf8') : '';
  if (extra) await writeFile(path.join(dir, 'chain.pem'), extra.repeat(options.extraCertificates!));
  const config = path.join(dir, 'tsa.cnf');
  await writeFile(config, [
    '[ tsa ]', 'default_tsa = tsa_config1', '[ tsa_config1 ]', `dir = ${dir}`, 'serial = $dir/serial', 'crypto_device = builtin',
    'signer_cert = $dir/tsa.crt', 'signer_key = $dir/tsa.key', ...(extra ? ['certs = $dir/chain.pem'] : []), 'signer_digest = sha256', 'default_policy = 1.2.3.4.1',
    'digests = sha256, sha384, sha512', 'accuracy = secs:1', 'ordering = no', 'tsa_name = yes', 'ess_cert_id_chain = no', 'ess_cert_id_alg = sha256', '',
  ].join('\n'));
  return { dir, certificate, config };
}

let queries = 0;

/** `openssl ts -reply` to a DER TimeStampReq: the DER TimeStampResp. */
export async function opensslReply(tsa: TsaAuthority, query: Buffer): Promise<Buffer> {
  const base = path.join(tsa.dir, `q${++queries}`);
  await writeFile(`${base}.tsq`, query);
  await run('openssl', ['ts', '-reply', '-config', tsa.config, '-queryfile', `${base}.tsq`, '-out', `${base}.tsr`]);
  return readFile(`${base}.tsr`);
}

/** A DER TimeStampReq made by openssl for a SHA-256 digest (hex), with its own nonce. */
export async function opensslQuery(tsa: TsaAuthority, digestHex: string): Promise<Buffer> {
  const file = path.join(tsa.dir, `own${++queries}.tsq`);
  await run('openssl', ['ts', '-query', '-digest', digestHex, '-sha256', '-cert', '-out', file]);
  return readFile(file);
}

/** What the test server answers: a status and body, or nothing at all (it keeps the connection). */
export type TsaAnswer = { status: number; body: Buffer; type?: string } | 'never';

/** An HTTP server on 127.0.0.1 that answers POSTed queries with `answer`. */
export async function startTsaServer(answer: (query: Buffer) => Promise<TsaAnswer>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      answer(Buffer.concat(chunks)).then((a) => {
        if (a === 'never') return;
        res.writeHead(a.status, { 'content-type': a.type ?? 'application/timestamp-reply' });
        res.end(a.body);
      }, (error: Error) => {
        res.writeHead(500);
        res.end(error.message);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
