import type { AckShareView } from '../../records/acks/shares.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import type { BodyStore } from './bodies.js';
import { controlViews } from './control-view.js';
import { frameworkCoverage } from './coverage.js';
import { ackFigures, knownVersions, timelineOf, type LedgerData } from './ledgers.js';
import { byTitle, Lookups } from './lookups.js';
import { policyView } from './policy-view.js';
import type { VersionIndex } from './version-index.js';
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

/** Computes the build data of a checked project (every policy valid). */
export function collectBuildData(
  project: Project,
  options: { asOf: IsoDate; buildTime: Date | undefined; history: VersionIndex | undefined; bodies: BodyStore; ledgers: LedgerData; redline: RedlineSettings },
): BuildData {
  const { ledgers } = options;
  const valid = project.policies.filter(isValidPolicy);
  const lookups = new Lookups(project, valid, options.asOf);
  const settings = { asOf: options.asOf, dueSoonDays: project.config.review.dueSoonDays, defaultFramework: project.config.defaultFramework, locale: project.config.locale, redline: options.redline };
  const register = valid.map((p) => ({ id: p.id, title: p.meta.title })).sort(byTitle).map((p) => p.id);
  const acks = ackFigures(ledgers, options.asOf, register);
  const partial = valid.map((p) => policyView(p, options.history?.versions.get(p.id) ?? [], lookups, settings, {
    approvals: ledgers.approvals.get(p.id)!,
    approvalsIntact: ledgers.approvalsIntact,
    known: knownVersions(ledgers, p.id),
    timeline: timelineOf(ledgers, p.id),
    acknowledgements: acks.byPolicy(p.id),
  }));
  const relatedBy = new Map<string, PolicyView['relatedBy']>();
  for (const p of partial) {
    for (const r of new Set(p.related.map((x) => x.id))) {
      let list = relatedBy.get(r);
      if (!list) relatedBy.set(r, (list = []));
      list.push({ id: p.id, title: p.title, status: p.status, known: true, lang: p.lang });
    }
  }
  const policies: PolicyView[] = partial.map((p) => ({ ...p, relatedBy: (relatedBy.get(p.id) ?? []).sort(byTitle) })).sort(byTitle);
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
