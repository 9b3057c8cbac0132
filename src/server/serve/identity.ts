import crypto, { createHash, timingSafeEqual } from 'node:crypto';
import { sayIn } from '../../core/i18n/messages.js';
import type { IncomingMessage } from 'node:http';
import type { Person } from '../../repo/schema/types.generated.js';

/** How the server learns who is asking. */
export interface IdentitySettings {
  /** Lowercase header name the sign-on proxy puts the person's email (or id) in. */
  header: string;
  /** Lowercase header name carrying the proxy's shared secret. */
  secretHeader: string;
  /** The SHA-256 of the shared secret (from the environment), hashed once; undefined when none is set. */
  secretDigest: Buffer | undefined;
  /** --dev-user: everyone is this person (local trials only). */
  devUser: Person | undefined;
  findPerson(identity: string): Person | undefined;
  /** The language refusals are said in (the repo's); English when not given. */
  locale?: string;
}

/** Who is asking, or why the request cannot say. */
export type Identity =
  | { ok: true; person: Person; identity: string }
  | { ok: false; status: 401 | 403; code: string; message: string };

// crypto.hash (Node 20.12+) hashes in one call, about three times faster than createHash for a
// secret of a few dozen bytes: every acknowledgement hashes the one it presents.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

/** A secret as it is compared: its SHA-256, so lengths do not leak either. */
export const secretDigest = (s: string): Buffer => (oneShot ? oneShot('sha256', s, 'buffer') : createHash('sha256').update(s, 'utf8').digest());

/** Compares a secret with the digest of the expected one in constant time. */
export function secretsMatch(given: string, expected: Buffer): boolean {
  return timingSafeEqual(secretDigest(given), expected);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}

/** Whether the request carries the proxy's shared secret (so the proxy's other headers can be believed). */
export function fromProxy(req: IncomingMessage, settings: IdentitySettings): boolean {
  if (settings.secretDigest === undefined) return false;
  const secret = single(req.headers[settings.secretHeader]);
  return secret !== undefined && secretsMatch(secret, settings.secretDigest);
}

/**
 * The host the proxy says the browser asked for (X-Forwarded-Host), when the proxy is vouched for.
 * `proxied`: fromProxy's answer, when the caller has it already (a request's secret is hashed once).
 */
export function forwardedHost(req: IncomingMessage, settings: IdentitySettings, proxied = fromProxy(req, settings)): string | undefined {
  return proxied ? single(req.headers['x-forwarded-host'])?.split(',')[0]?.trim() : undefined;
}

/**
 * The person a request comes from: the identity header is believed only when the request also
 * carries the proxy's shared secret (a request that reached the server around the proxy has
 * neither). 401 when the request is not vouched for, 403 for people not in the roster.
 * `proxied`: fromProxy's answer, when the caller has it already.
 */
export function identify(req: IncomingMessage, settings: IdentitySettings, proxied?: boolean): Identity {
  if (settings.devUser) return { ok: true, person: settings.devUser, identity: `dev:${settings.devUser.id}` };
  const say = (key: string, values?: Record<string, string>) => sayIn(settings.locale ?? 'en', `failure.sign-on.${key}`, values);
  if (settings.secretDigest === undefined) {
    return { ok: false, status: 401, code: 'no-sign-on', message: say('not-configured') };
  }
  if (!(proxied ?? fromProxy(req, settings))) {
    return { ok: false, status: 401, code: 'not-signed-in', message: say('not-signed-in') };
  }
  const claimed = single(req.headers[settings.header])?.trim();
  if (!claimed) return { ok: false, status: 401, code: 'not-signed-in', message: say('no-header', { header: settings.header }) };
  if (claimed.length > 320) return { ok: false, status: 403, code: 'unknown-person', message: say('too-long') };
  const person = settings.findPerson(claimed);
  if (!person) return { ok: false, status: 403, code: 'unknown-person', message: say('unknown', { identity: claimed }) };
  return { ok: true, person, identity: claimed };
}
