import { hashKey } from '../build/cache.js';
import { itemInScope } from '../../repo/catalogues/catalogue.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { Project, ValidPolicy } from '../../repo/project/types.js';
import type { PolicyLedgers } from './policy-view.js';
import type { RedlineSettings } from './version-list.js';
import type { PolicyView } from './views.js';

/**
 * Each policy's view from the last build of a session (`precept dev`), with a hash of everything
 * it was made from: a rebuild after one edit makes only the edited policy's view again, and the
 * others are the same objects, which the site stage then knows by identity (live-pages.ts). One
 * entry per policy of the last build, replaced whole by each build, so it stays the size of one
 * build's views.
 */
export type ViewMemory = Map<string, { key: string; partial: Omit<PolicyView, 'relatedBy'>; view: PolicyView; relatedBy: string }>;

const ids = new WeakMap<object, number>();
let nextId = 0;

/**
 * A number for an object, the same for as long as it lives: for keys of results made from objects
 * that are never changed (a history index's version lists, views), which a rebuild hands back as
 * the same objects when their inputs did not change.
 */
export function objectId(value: object): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = ++nextId));
  return id;
}

/**
 * What every policy's view reads besides the policy's own inputs (Lookups: the roster, control
 * titles, catalogues as criteria are shown, every policy's title, status and language), hashed once per build.
 */
export function sharedViewKey(
  project: Project, valid: readonly ValidPolicy[],
  settings: { asOf: IsoDate; dueSoonDays: number; defaultFramework: string; locale: string; redline: RedlineSettings },
  approvalsIntact: boolean,
): string {
  const { roster } = project;
  return hashKey('policy-view', JSON.stringify([
    settings, approvalsIntact, project.config.locale,
    [...roster.people].map(([id, e]) => [id, e.person]),
    [...roster.groups].map(([id, e]) => [id, e.group]),
    project.controls.map((c) => [c.control.id, c.control.title]),
    [...project.catalogues].map(([fw, c]) => [fw, c.name, c.short, c.items.map((item) => [item.id, item.title, itemInScope(c, item)])]),
    valid.map((p) => [p.id, p.meta.title, p.meta.status, p.meta.lang]),
  ]));
}

/** Everything one policy's view is made from, hashed: the shared inputs, its file, its history list (by identity) and what the ledgers say of it. */
export function policyViewKey(shared: string, policy: ValidPolicy, history: readonly object[], ledgers: PolicyLedgers): string {
  // `known` is the timeline's versions (knownVersions): hashed once, with the timeline.
  const known = ledgers.timeline && ledgers.known === ledgers.timeline.versions ? 'timeline' : ledgers.known;
  return hashKey(shared, policy.id, policy.file, policy.source.text, String(objectId(history)), JSON.stringify([
    [...policy.criteria], ledgers.approvals, ledgers.approvalsIntact, known, ledgers.timeline ?? null, ledgers.acknowledgements,
  ]));
}
