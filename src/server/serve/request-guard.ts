import type { IncomingMessage } from 'node:http';

/** Largest JSON body an API request may send. */
export const MAX_BODY_BYTES = 4096;

/**
 * Why a state-changing request is refused as cross-site (undefined when it is not): the browser
 * says so (`Sec-Fetch-Site: cross-site`), or it sent an `Origin` that is neither this server's
 * (its Host header, or the host the trusted proxy forwarded for) nor the portal's configured address.
 */
export function crossSiteReason(req: IncomingMessage, trustedOrigins: ReadonlySet<string>, forwardedHost?: string): string | undefined {
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request refused';
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (origin === 'null') return 'request from an opaque origin refused';
  let host: string;
  try {
    const url = new URL(origin);
    if (trustedOrigins.has(url.origin)) return undefined;
    host = url.host;
  } catch {
    return 'malformed Origin header';
  }
  return host === req.headers.host || (forwardedHost !== undefined && host === forwardedHost) ? undefined : `cross-origin request from ${origin} refused`;
}

/** Whether the request says its body is JSON (a cross-site form cannot send that without a preflight). */
export function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type);
}

/** Reads a request body up to a limit; undefined when it is larger. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
