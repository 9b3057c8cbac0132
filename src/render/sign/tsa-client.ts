import { failure } from '../../core/i18n/failure.js';
import type { PhraseValues } from '../../core/i18n/phrase.js';
import { createHash, randomBytes } from 'node:crypto';
import { PreceptError } from '../../core/errors.js';
import { algorithm, bool, bytesOf, children, der, fromDer, int, isUniversal, octets, OID, seq, Type, type Node } from './asn1.js';
import { checkTimestampToken } from './timestamp-token.js';

/** Where and how long to ask for a timestamp. */
export interface TsaOptions {
  url: string;
  /** How long to wait for the whole answer. */
  timeoutMs: number;
}

export { DEFAULT_TSA_TIMEOUT_MS } from './tsa-defaults.js';
/** Answers larger than this are not timestamp responses. */
const MAX_RESPONSE_BYTES = 1 << 20;

const STATUS = ['granted', 'granted with modifications', 'rejection', 'waiting', 'revocation warning', 'revocation notification'];
const FAILURES: Record<number, string> = {
  0: 'badAlg', 2: 'badRequest', 5: 'badDataFormat', 14: 'timeNotAvailable', 15: 'unacceptedPolicy', 16: 'unacceptedExtension', 17: 'addInfoNotAvailable', 25: 'systemFailure',
};

/** A TimeStampReq (RFC 3161 2.4.1) for SHA-256 of `data`, with a nonce, asking for the TSA's certificate. */
function timestampRequest(data: Buffer, nonce: Buffer): Buffer {
  return der(seq([int(1), seq([algorithm(OID.sha256), octets(createHash('sha256').update(data).digest())]), int(nonce), bool(true)]));
}

/** The body of the answer, refusing a huge one. */
async function readBody(response: Response): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) throw new Error(`the answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** PKIStatusInfo's failInfo bits, named. */
function failureNames(bits: Node | undefined): string[] {
  const b = bytesOf(bits).subarray(1); // the first byte counts unused bits
  return Object.entries(FAILURES).filter(([bit]) => ((b[Number(bit) >> 3] ?? 0) >> (7 - (Number(bit) & 7))) & 1).map(([, n]) => n);
}

/**
 * Asks an RFC 3161 timestamp authority for a token over a CMS signature value (the imprint is
 * SHA-256 of it), over HTTP as `application/timestamp-query`, and checks what comes back: status
 * granted, the token's signature, its message imprint and our nonce. Any failure is a
 * PreceptError that says what went wrong; nothing is returned that does not verify.
 */
export async function requestTimestampToken(signatureValue: Buffer, options: TsaOptions): Promise<Buffer> {
  const fail = (key: string, values: PhraseValues = {}, cause?: unknown) => failure(`sign.tsa-${key}`, { url: options.url, ...values }, { cause });
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x40; // positive, and no leading zero byte: minimal DER
  let body: Buffer;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: timestampRequest(signatureValue, nonce),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw fail('http', { status: String(response.status), text: response.statusText ? ` ${response.statusText}` : '' });
    body = await readBody(response);
  } catch (error) {
    if (error instanceof PreceptError) throw error;
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw fail('timeout', { seconds: String(options.timeoutMs / 1000) }, error);
    throw fail('unreachable', { error: e.cause?.code ?? e.cause?.message ?? e.message }, error);
  }
  let status: Node[];
  let token: Node | undefined;
  try {
    const response = children(fromDer(body));
    status = children(response[0]);
    token = response[1];
    if (!isUniversal(status[0], Type.INTEGER)) throw new Error('no status');
  } catch (error) {
    throw fail('not-response', { size: body.length }, error);
  }
  const code = bytesOf(status[0]).readUIntBE(0, Math.min(6, Math.max(1, bytesOf(status[0]).length)));
  if (code > 1) {
    const text = children(status.find((n) => isUniversal(n, Type.SEQUENCE))).map((n) => bytesOf(n).toString('utf8')).join('; ');
    const failures = failureNames(status.find((n) => isUniversal(n, Type.BITSTRING)));
    throw fail('refused', { status: STATUS[code] ?? `status ${code}`, failures: failures.length ? ` (${failures.join(', ')})` : '', text: text ? `: ${text}` : '' });
  }
  if (!token) throw fail('no-token');
  const tokenDer = der(token);
  const check = checkTimestampToken(tokenDer, signatureValue);
  if (check.problems.length) throw fail('bad-token', { problem: check.problems[0]!, others: check.problems.length - 1 });
  if (!check.info?.nonce?.equals(nonce)) throw fail('nonce');
  return tokenDer;
}
