import type { AckShareView } from '../../records/acks/shares.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import type { BodyStore } from './bodies.js';
import { controlViews } from './control-view.js';
import { frameworkCoverage } from './coverage.js';
import { ackFigures, knownVersions, timelineOf, type LedgerData } from './ledgers.js';
import { byTitle, Lookups } from './lookups.js';
import { policyView, type PolicyLedgers } from './policy-view.js';
import { policyViewKey, sharedViewKey, type ViewMemory } from './view-memory.js';
import type { HistoricalVersion, VersionIndex } from './version-index.js';
import type { RedlineSettings } from './version-list.js';
import type { ControlView, FrameworkCoverage, PolicyView } from './views.js';

/**
 * What a build computes once and every stage (site, PDFs) reads: policy views with their
 * versions and review dates, controls, coverage, and the rendered bodies.
 */
export interface BuildData {
  organization: { name: string; slug: string };
  /** The date review states are computed for. */
  asOf: IsoDate;
  /** When the build says it was made (git HEAD or SOURCE_DATE_EPOCH); undefined without either. */
  buildTime: Date | undefined;
  /** HEAD, when the repo is in git. */
  commit: string | undefined;
  /** Policies sorted by title. */
  policies: PolicyView[];
  policiesById: Map<string, PolicyView>;
  /** Repo-relative policy file -> id, for resolving links between bodies. */
  policyFiles: Map<string, string>;
  /**
   * Translation groups (`translationOf`): the original's id -> the original and its translations,
   * by language. Only groups with a translation are listed.
   */
  translations: Map<string, PolicyView[]>;
  controls: ControlView[];
  coverage: FrameworkCoverage[];
  bodies: BodyStore;
  history: VersionIndex | undefined;
  /** The home page's acknowledgement bars (policies in register order), as of `asOf`. */
  ackShares: AckShareView;
}

/** A policy without history: one list, so its view's key stays the same between builds. */
const NO_HISTORY: readonly HistoricalVersion[] = Object.freeze([]);

/** Computes the build data of a checked project (every policy valid). */
export function collectBuildData(
  project: Project,
  options: {
    asOf: IsoDate; buildTime: Date | undefined; history: VersionIndex | undefined; bodies: BodyStore; ledgers: LedgerData; redline: RedlineSettings;
    /** The last build's views (precept dev): those made from the same inputs are reused. */
    memory?: ViewMemory | undefined;
  },
): BuildData {
  const { ledgers } = options;
  const valid = project.policies.filter(isValidPolicy);
  const lookups = new Lookups(project, valid, options.asOf);
  const settings = { asOf: options.asOf, dueSoonDays: project.config.review.dueSoonDays, defaultFramework: project.config.defaultFramework, locale: project.config.locale, redline: options.redline };
  const register = valid.map((p) => ({ id: p.id, title: p.meta.title })).sort(byTitle).map((p) => p.id);
  const acks = ackFigures(ledgers, options.asOf, register);
  const shared = options.memory ? sharedViewKey(project, valid, settings, ledgers.approvalsIntact) : '';
  const made: ViewMemory = new Map();
  const partial = valid.map((p) => {
    const history = options.history?.versions.get(p.id) ?? NO_HISTORY;
    const policyLedgers: PolicyLedgers = {
      approvals: ledgers.approvals.get(p.id)!,
      approvalsIntact: ledgers.approvalsIntact,
      known: knownVersions(ledgers, p.id),
      timeline: timelineOf(ledgers, p.id),
      acknowledgements: acks.byPolicy(p.id),
    };
    if (!options.memory) return policyView(p, history, lookups, settings, policyLedgers);
    const key = policyViewKey(shared, p, history, policyLedgers);
    const last = options.memory.get(p.id);
    const view = last?.key === key ? last.partial : policyView(p, history, lookups, settings, policyLedgers);
    made.set(p.id, { key, partial: view, view: undefined!, relatedBy: '' });
    return view;
  });
  const relatedBy = new Map<string, PolicyView['relatedBy']>();
  for (const p of partial) {
    for (const r of new Set(p.related.map((x) => x.id))) {
      let list = relatedBy.get(r);
      if (!list) relatedBy.set(r, (list = []));
      list.push({ id: p.id, title: p.title, status: p.status, known: true, lang: p.lang });
    }
  }
  const policies: PolicyView[] = partial.map((p) => {
    const list = (relatedBy.get(p.id) ?? []).sort(byTitle);
    if (!options.memory) return { ...p, relatedBy: list };
    // The same view object as the last build's when it was made from the same inputs.
    const entry = made.get(p.id)!;
    const last = options.memory.get(p.id);
    entry.relatedBy = JSON.stringify(list);
    entry.view = last && last.partial === p && last.relatedBy === entry.relatedBy ? last.view : { ...p, relatedBy: list };
    return entry.view;
  }).sort(byTitle);
  if (options.memory) {
    options.memory.clear();
    for (const [id, entry] of made) options.memory.set(id, entry);
  }
  const policiesById = new Map(policies.map((p) => [p.id, p]));
  return {
    organization: project.config.organization,
    asOf: options.asOf,
    buildTime: options.buildTime,
    commit: options.history?.head,
    policies,
    policiesById,
    translations: translationGroups(policies, policiesById),
    policyFiles: new Map(valid.map((p) => [p.file, p.id])),
    controls: controlViews(project, policies, lookups),
    coverage: frameworkCoverage(project, policies, lookups),
    bodies: options.bodies,
    history: options.history,
    ackShares: acks.shares,
  };
}

/** Groups each policy that declares `translationOf` (an existing policy) with the policy it translates. */
function translationGroups(policies: readonly PolicyView[], byId: ReadonlyMap<string, PolicyView>): Map<string, PolicyView[]> {
  const groups = new Map<string, PolicyView[]>();
  for (const p of policies) {
    if (p.translationOf === undefined || p.translationOf === p.id || !byId.has(p.translationOf)) continue;
    let group = groups.get(p.translationOf);
    if (!group) groups.set(p.translationOf, (group = [byId.get(p.translationOf)!]));
    group.push(p);
  }
  for (const group of groups.values()) group.sort((a, b) => (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : a.id < b.id ? -1 : 1));
  return groups;
}
