import semver from 'semver';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ledgerInstant } from '../../records/acks/ack-time.js';
import type { LoadedAckModel } from '../../records/acks/model.js';
import { personOverview } from '../../records/acks/person-status.js';
import { acknowledgeableNow } from '../../records/acks/validity.js';
import { latestHash } from '../../history/timeline/model.js';
import { toIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import { isActive } from '../../repo/project/roster.js';
import type { GroupCommitWriter } from '../../records/ledger/group-commit.js';
import type { AcknowledgementRecord } from '../../repo/schema/types.generated.js';
import type { Project } from '../../repo/project/types.js';
import { Reader, type SiteGate } from './access.js';
import { forwardedHost, fromProxy, identify, type IdentitySettings } from './identity.js';
import { crossSiteReason, isJson, readBody } from './request-guard.js';

/** What the API works with. */
export interface AckApi {
  model: LoadedAckModel;
  /** Confidential and restricted policies: only their readers hear of them. */
  gate: SiteGate;
  project: Project;
  writer: GroupCommitWriter<AcknowledgementRecord>;
  identity: IdentitySettings;
  /** Origins besides the request's own host that may post (the portal's configured address). */
  trustedOrigins: ReadonlySet<string>;
  now(): Date;
  /** Where to report failures to write. */
  logError(message: string): void;
  /** Told of every acknowledgement answered 200 (by person id: never the identity header's value). */
  logAck(event: AckLogEvent): void;
}

/** The log line of one acknowledgement. */
export interface AckLogEvent {
  person: string;
  policy: string;
  version: string;
  recorded: boolean;
  seq: number;
  ms: number;
}

const POLICY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

const fail = (res: ServerResponse, status: number, error: string, message: string) => send(res, status, { error, message });

/** Who am I, and where do I stand on every policy: for the portal's button and status line. */
async function me(req: IncomingMessage, res: ServerResponse, api: AckApi): Promise<void> {
  const who = identify(req, api.identity);
  if (!who.ok) return fail(res, who.status, who.code, who.message);
  const day = toIsoDate(api.now());
  const { person } = who;
  const reader = new Reader(api.gate, person, api.project, day);
  send(res, 200, {
    person: { id: person.id, name: person.name, email: person.email },
    onStaff: isActive(person, day),
    asOf: day,
    policies: personOverview(api.model, person, day).filter((p) => reader.mayRead(p.policy)),
  });
}

/** Records that the signed-in person read and accepted a version; answers once it is on disk. */
async function ack(req: IncomingMessage, res: ServerResponse, api: AckApi): Promise<void> {
  // Whether the proxy vouches for the request, asked once: both questions below need it.
  const proxied = fromProxy(req, api.identity);
  const cross = crossSiteReason(req, api.trustedOrigins, forwardedHost(req, api.identity, proxied));
  if (cross) return fail(res, 403, 'cross-site', cross);
  if (!isJson(req)) return fail(res, 415, 'not-json', 'send the acknowledgement as Content-Type: application/json');
  const who = identify(req, api.identity, proxied);
  if (!who.ok) return fail(res, who.status, who.code, who.message);
  const body = await readBody(req);
  if (!body) return fail(res, 413, 'too-large', 'the request body is too large');
  let data: { policy?: unknown; version?: unknown };
  try {
    data = JSON.parse(body.toString('utf8')) as typeof data;
  } catch {
    return fail(res, 400, 'bad-json', 'the body is not JSON');
  }
  const { policy, version } = data ?? {};
  if (typeof policy !== 'string' || !POLICY.test(policy) || typeof version !== 'string' || semver.valid(version) !== version) {
    return fail(res, 400, 'bad-request', 'send {"policy": "<policy id>", "version": "MAJOR.MINOR.PATCH"}');
  }
  const started = Date.now();
  const now = api.now();
  // The day is the instant's first ten characters: one ISO rendering of the time, not two.
  const at = ledgerInstant(now.getTime());
  const day = at.slice(0, 10) as IsoDate;
  const { person, identity } = who;
  if (!isActive(person, day)) return fail(res, 403, 'not-on-staff', `${person.id} is not on staff on ${day}`);
  // A restricted policy is unknown to whoever may not read it.
  if (!new Reader(api.gate, person, api.project, day).mayRead(policy)) return fail(res, 404, 'unknown-policy', `no policy "${policy}"`);
  const target = acknowledgeableNow(api.model, policy, version, day, api.project.config.locale);
  if ('code' in target) return fail(res, target.status, target.code, target.message);
  let committed;
  try {
    committed = await api.writer.submit({
      policy, version, contentHash: latestHash(target.version), person: person.id,
      at, source: 'portal', identity,
    });
  } catch (error) {
    api.logError(`could not record ${person.id}'s acknowledgement of ${policy} ${version}: ${(error as Error).message}`);
    return fail(res, 500, 'not-recorded', 'the acknowledgement could not be recorded; please try again later');
  }
  const r = committed.entry.record;
  // A reload may have swapped the model this request started with for a newer one, which the
  // writer told of the record instead; this one learns of it too, for the status below.
  api.model.acks.add(committed.entry);
  api.logAck({ person: r.person, policy: r.policy, version: r.version, recorded: committed.recorded, seq: r.seq, ms: Date.now() - started });
  const status = personOverview(api.model, person, day).find((p) => p.policy === policy);
  send(res, 200, {
    recorded: committed.recorded,
    acknowledgement: { person: r.person, policy: r.policy, version: r.version, at: r.at, seq: r.seq },
    status,
  });
}

/** Routes /api/*: GET /api/me, POST /api/ack. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, api: AckApi): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /api/me' || route === 'HEAD /api/me') return me(req, res, api);
  if (route === 'POST /api/ack') return ack(req, res, api);
  if (url.pathname === '/api/me' || url.pathname === '/api/ack') {
    res.setHeader('Allow', url.pathname === '/api/me' ? 'GET, HEAD' : 'POST');
    return fail(res, 405, 'method-not-allowed', `${req.method} is not allowed here`);
  }
  return fail(res, 404, 'not-found', 'no such endpoint');
}
