import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Which `Host` headers the server answers. A page on an attacker's domain that re-resolves its
 * name to this server (DNS rebinding) is same-origin with it in the victim's browser, and its
 * requests name the attacker's domain: only an allow-list of names stops it reading the portal,
 * or, under --dev-user where everyone is signed in, reading `/api/me` and acknowledging.
 */
export interface HostPolicy {
  /** --dev-user: loopback names only. */
  loopbackOnly: boolean;
  /** Host names allowed besides loopback names and IP addresses (lowercase). */
  names: ReadonlySet<string>;
}

/** The host name a Host header names, lowercase, without port or trailing dot; undefined when malformed. */
export function hostName(header: string): string | undefined {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!m) return undefined;
  const name = m[1]!.toLowerCase().replace(/\.$/, '');
  return name || undefined;
}

/** Whether a host name only ever reaches this machine (a rebinding page cannot be served under it). */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Whether a name is an IP address literal (no DNS, so nothing to rebind). */
const isAddress = (name: string) => isIP(name.startsWith('[') ? name.slice(1, -1) : name) !== 0;

/**
 * The allow-list: under --dev-user, loopback names only; otherwise loopback names, IP addresses,
 * the listening host, `site.baseUrl`'s host and `server.hosts` (and --allowed-host).
 */
export function hostPolicy(options: { devUser: boolean; listenHost: string; baseUrl: string | undefined; hosts: readonly string[] }): HostPolicy {
  const names = new Set<string>();
  if (!options.devUser) {
    for (const h of options.hosts) names.add(h.toLowerCase().replace(/\.$/, ''));
    if (options.baseUrl) names.add(new URL(options.baseUrl).hostname.toLowerCase());
    const listen = hostName(options.listenHost);
    if (listen && listen !== '0.0.0.0' && listen !== '[::]' && listen !== '::') names.add(listen);
  }
  return { loopbackOnly: options.devUser, names };
}

/** Why a request's Host header is refused; undefined when the server answers for it. */
export function hostRefusal(req: IncomingMessage, policy: HostPolicy): string | undefined {
  const header = req.headers.host;
  if (header === undefined) return 'the request names no host';
  const name = hostName(header);
  if (!name) return `malformed Host header "${header}"`;
  if (isLoopbackName(name)) return undefined;
  if (policy.loopbackOnly) return `--dev-user answers only requests to a loopback name (localhost, 127.0.0.1, [::1]), not ${name}`;
  if (isAddress(name) || policy.names.has(name)) return undefined;
  return `${name} is not a host this portal answers for; list it in server.hosts in precept.config.yaml (or --allowed-host)`;
}
