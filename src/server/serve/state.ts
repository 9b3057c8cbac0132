import { loadAckModel, type LoadedAckModel } from '../../records/acks/model.js';
import { personFinder } from '../../records/acks/validity.js';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import type { Project } from '../../repo/project/types.js';
import { staticRoot, type StaticRoot } from '../static/path-guard.js';
import { hostPolicy, isLoopbackName, type HostPolicy } from './host-guard.js';
import { loadGate, type SiteGate } from './access.js';
import { secretDigest, type IdentitySettings } from './identity.js';
import { sayIn } from '../../core/i18n/messages.js';

/**
 * Everything a request reads: the built site, the project (policies, roster), the
 * acknowledgement model and who may sign in. Built whole, then swapped in as one reference, so
 * a request sees one state from start to end, also while the server reloads.
 */
export interface ServeState {
  project: Project;
  root: StaticRoot;
  model: LoadedAckModel;
  /** Which paths belong to confidential and restricted policies, and who may read each. */
  gate: SiteGate;
  identity: IdentitySettings;
  /** Origins besides the request's own host that may post (the portal's configured address). */
  trustedOrigins: ReadonlySet<string>;
  /** The host names requests may name (DNS rebinding). */
  hosts: HostPolicy;
  /** When this state was loaded (ISO). */
  loadedAt: string;
}

/** What loading a state needs besides the project. */
export interface StateInputs {
  siteDir: string;
  host: string;
  devUser: string | undefined;
  /** --allowed-host: host names to answer for besides server.hosts. */
  allowedHosts: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
  warn(message: string): void;
}

/** Whether a listening address only reaches this machine. */
export function isLoopback(host: string): boolean {
  return host === '::1' || isLoopbackName(host.toLowerCase());
}

function identitySettings(project: Project, inputs: StateInputs, findPerson: IdentitySettings['findPerson']): IdentitySettings {
  const { server } = project.config;
  let devUser;
  if (inputs.devUser !== undefined) {
    if (!isLoopback(inputs.host)) throw usageFailure('serve.dev-user-loopback', { person: inputs.devUser, host: inputs.host });
    devUser = findPerson(inputs.devUser);
    if (!devUser) throw usageFailure('serve.dev-user-unknown', { person: inputs.devUser, roster: project.roster.file });
  }
  const secret = inputs.env[server.secretEnv] || undefined;
  if (!devUser && secret === undefined) {
    inputs.warn(sayIn(project.config.locale, 'cli.serve.no-secret', { env: server.secretEnv, header: server.secretHeader }));
  } else if (!devUser && secret !== undefined && secret.length < 16) {
    inputs.warn(sayIn(project.config.locale, 'cli.serve.short-secret', { env: server.secretEnv, length: secret.length }));
  }
  // Hashed once here, not on every request that presents it.
  return { header: server.identityHeader.toLowerCase(), secretHeader: server.secretHeader.toLowerCase(), secretDigest: secret === undefined ? undefined : secretDigest(secret), devUser, findPerson, locale: project.config.locale };
}

/**
 * Loads a whole state: the site folder, the acknowledgement model (refused when the ledger
 * fails verification) and the sign-in settings. Nothing is shared with the state it replaces.
 */
export async function loadState(project: Project, inputs: StateInputs): Promise<ServeState> {
  const root = await staticRoot(inputs.siteDir);
  if (!root) throw failure('serve.no-site', { dir: inputs.siteDir });
  const model = await loadAckModel(project);
  if (!model.intact) {
    throw failure('serve.acks-unverified', { file: model.ledger.file }, { exitCode: 1, diagnostics: model.ledger.diagnostics });
  }
  for (const note of model.notes) inputs.warn(note);
  const identity = identitySettings(project, inputs, personFinder(project.roster));
  const baseUrl = project.config.site.baseUrl;
  const hosts = hostPolicy({
    devUser: identity.devUser !== undefined, listenHost: inputs.host, baseUrl,
    hosts: [...project.config.server.hosts, ...inputs.allowedHosts],
  });
  const gate = await loadGate(root.real, project);
  return { project, root, model, gate, identity, trustedOrigins: new Set(baseUrl ? [new URL(baseUrl).origin] : []), hosts, loadedAt: inputs.now().toISOString() };
}
