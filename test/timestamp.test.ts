import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, children, der, fromDer, int, OID, seq } from '../src/render/sign/asn1.js';
import { verifySignedData } from '../src/render/sign/cms-verify.js';
import { generateSelfSignedP12 } from '../src/render/sign/keygen.js';
import { findSignatures, signedRanges } from '../src/render/sign/pdf-signature-dict.js';
import { signDocument } from '../src/render/sign/sign-pdf.js';
import { loadSigner, type Signer } from '../src/render/sign/signer.js';
import { requestTimestampToken } from '../src/render/sign/tsa-client.js';
import { loadMessages } from '../src/core/i18n/messages.js';
import { phrase } from '../src/core/i18n/phrase.js';
import { checkPdfSignature as checkPhrases } from '../src/render/sign/verify-signature.js';
import { createTsaAuthority, opensslQuery, opensslReply, startTsaServer, type TsaAnswer, type TsaAuthority } from './helpers/local-tsa.js';
import { runTool } from './helpers/pdf.js';

/** The signature check with its problems in English, as `verify` prints them by default. */
const checkPdfSignature = (pdf: Buffer) => {
  const check = checkPhrases(pdf);
  return { ...check, problems: check.problems.map((p) => loadMessages('en').say(p)) };
};

const run = promisify(execFile);

async function samplePdf(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage().drawText('Timestamped content', { x: 50, y: 700, font: await doc.embedFont(StandardFonts.Helvetica), size: 14 });
  return doc;
}

/** The CMS in a signed PDF's /Contents, its signature value and its timestamp token. */
function signatureParts(pdf: Buffer) {
  const found = findSignatures(pdf);
  const { cms, ranges } = signedRanges(pdf, found, found.signatures[0]!);
  const check = verifySignedData(cms!, { subject: phrase('verify.it.signature'), detached: ranges.map(([s, e]) => pdf.subarray(s, e)), contentChanged: phrase('verify.sig.content-changed') });
  const token = check.unsignedAttributes.get(OID.timeStampToken);
  return { signatureValue: check.signatureValue, token: token ? der(token) : undefined };
}

/** The SHA-256 message imprint of a DER TimeStampReq. */
const imprintOf = (query: Buffer) => bytesOf(children(children(fromDer(query))[1])[1]);

describe('RFC 3161 timestamps', () => {
  let tsa: TsaAuthority;
  let signer: Signer;
  let dir: string;
  const servers: { close: () => Promise<void> }[] = [];
  const details = { reason: 'Test', location: 'Here', contactInfo: 'test', signingTime: new Date('2026-05-01T00:00:00Z'), appName: 'precept test' };
  const serve = async (answer: (query: Buffer) => Promise<TsaAnswer>) => {
    const server = await startTsaServer(answer);
    servers.push(server);
    return server.url;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'precept-ts-'));
    tsa = await createTsaAuthority();
    await writeFile(path.join(dir, 'signer.p12'), generateSelfSignedP12({ commonName: 'Stamp Signer', passphrase: 'pw', now: new Date('2026-01-01T00:00:00Z') }));
    signer = await loadSigner(path.join(dir, 'signer.p12'), 'pw', 'X');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('timestamps the signature (PAdES-B-T); precept, openssl and pdfsig accept it, and the claimed time stays the signer\'s', async () => {
    const url = await serve(async (query) => ({ status: 200, body: await opensslReply(tsa, query) }));
    const before = Date.now();
    const signed = Buffer.from(await signDocument(await samplePdf(), signer, { ...details, tsa: { url, timeoutMs: 5000 } }));
    const check = checkPdfSignature(signed);
    expect(check.problems).toEqual([]);
    expect(check.valid).toBe(true);
    expect(check.signingTime?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(check.timestamp?.authority?.name).toBe('Precept Test TSA');
    expect(check.timestamp!.time!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 2000);
    expect(check.timestamp!.time!.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    // openssl checks the token on its own: over SHA-256 of the signature value, signed by the TSA.
    const { signatureValue, token } = signatureParts(signed);
    await writeFile(path.join(dir, 'token.der'), token!);
    const verified = await run('openssl', ['ts', '-verify', '-token_in', '-in', path.join(dir, 'token.der'),
      '-digest', createHash('sha256').update(signatureValue).digest('hex'), '-CAfile', tsa.certificate]);
    expect(verified.stdout).toContain('Verification: OK');
    const file = path.join(dir, 'stamped.pdf');
    await writeFile(file, signed);
    const sig = runTool('pdfsig', [file]).output;
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
  });

  it('fails a document whose timestamp token was changed, though its own signature still holds', async () => {
    const url = await serve(async (query) => ({ status: 200, body: await opensslReply(tsa, query) }));
    const signed = Buffer.from(await signDocument(await samplePdf(), signer, { ...details, tsa: { url, timeoutMs: 5000 } }));
    // Move the trusted time a year back: genTime's text, hex-encoded inside /Contents.
    const time = checkPdfSignature(signed).timestamp!.time!;
    const genTime = (d: Date) => Buffer.from(d.toISOString().replace(/[-:T]/g, '').replace(/\.000Z$/, 'Z')).toString('hex');
    const at = signed.indexOf(genTime(time), 0, 'latin1');
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(signed);
    tampered.write(genTime(new Date(time.getTime() - 365 * 86_400_000)), at, 'latin1');
    expect(checkPdfSignature(tampered).problems).toEqual(['the timestamp token\'s signature does not match the TSTInfo it carries']);
  });

  it('refuses to sign when the TSA does not answer, answers garbage, HTTP 500 or a refusal', async () => {
    const sig = randomBytes(384);
    const silent = await serve(async () => 'never');
    await expect(requestTimestampToken(sig, { url: silent, timeoutMs: 300 })).rejects.toThrow(`cannot timestamp the signature: the timestamp authority ${silent} did not answer within 0.3 s`);
    const garbage = await serve(async () => ({ status: 200, body: Buffer.from('<html>not a timestamp</html>') }));
    await expect(requestTimestampToken(sig, { url: garbage, timeoutMs: 2000 })).rejects.toThrow('did not answer with a timestamp response (28 bytes that are not one)');
    const broken = await serve(async () => ({ status: 500, body: Buffer.from('oops') }));
    await expect(requestTimestampToken(sig, { url: broken, timeoutMs: 2000 })).rejects.toThrow(`the timestamp authority ${broken} answered HTTP 500 Internal Server Error`);
    // status rejection, statusString, failInfo badAlg (bit 0)
    const { asn1 } = forge;
    const refusal = der(seq([seq([int(2), seq([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, 'unsupported algorithm')]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\x07\x80')])]));
    const refusing = await serve(async () => ({ status: 200, body: refusal }));
    await expect(requestTimestampToken(sig, { url: refusing, timeoutMs: 2000 })).rejects.toThrow('refused: rejection (badAlg): unsupported algorithm');
    const closed = await startTsaServer(async () => 'never');
    await closed.close();
    await expect(requestTimestampToken(sig, { url: closed.url, timeoutMs: 2000 })).rejects.toThrow('cannot be reached: ECONNREFUSED');
  });

  it('refuses a token for other data or another request\'s nonce', async () => {
    const sig = randomBytes(384);
    const otherData = await serve(async () => ({ status: 200, body: await opensslReply(tsa, await opensslQuery(tsa, randomBytes(32).toString('hex'))) }));
    await expect(requestTimestampToken(sig, { url: otherData, timeoutMs: 5000 })).rejects.toThrow('sent a token that does not verify: the timestamp token is for something else: its message imprint is not the digest of this signature');
    const otherNonce = await serve(async (query) => ({ status: 200, body: await opensslReply(tsa, await opensslQuery(tsa, imprintOf(query).toString('hex'))) }));
    await expect(requestTimestampToken(sig, { url: otherNonce, timeoutMs: 5000 })).rejects.toThrow('sent a token for another request: its nonce is not ours');
    const token = await requestTimestampToken(sig, { url: await serve(async (query) => ({ status: 200, body: await opensslReply(tsa, query) })), timeoutMs: 5000 });
    expect(children(fromDer(token)).length).toBe(2);
  });

  it('says so when the token does not fit the room reserved in /Contents', async () => {
    const big = await createTsaAuthority({ extraCertificates: 30 });
    const url = await serve(async (query) => ({ status: 200, body: await opensslReply(big, query) }));
    await expect(signDocument(await samplePdf(), signer, { ...details, tsa: { url, timeoutMs: 5000 } }))
      .rejects.toThrow(/^the signature is \d+ bytes, more than the 24576 bytes reserved for it \(a long certificate chain, or a large timestamp token\)$/);
  });
});
