import { itemInScope, type Catalogue } from '../../repo/catalogues/catalogue.js';
import type { Project } from '../../repo/project/types.js';
import type { Lookups } from './lookups.js';
import type { ControlLinkView, CoverageCounts, CriterionCoverage, FrameworkCoverage, PolicyLinkView, PolicyView } from './views.js';

const counts = (): CoverageCounts => ({ total: 0, byPolicy: 0, byControlOnly: 0, gaps: 0, outOfScope: 0 });

function tally(c: CoverageCounts, item: CriterionCoverage): void {
  if (!item.inScope) c.outOfScope++;
  else {
    c.total++;
    if (item.coveredBy === 'policy') c.byPolicy++;
    else if (item.coveredBy === 'control') c.byControlOnly++;
    else c.gaps++;
  }
}

/**
 * Coverage of every catalogue: a criterion is covered when an approved or in-review policy maps
 * it, or a control does (as `check`'s coverage-gap rule counts it); draft and retired policies
 * are listed but do not count.
 */
export function frameworkCoverage(project: Project, policies: readonly PolicyView[], lookups: Lookups): FrameworkCoverage[] {
  const byCriterion = new Map<string, { policies: (PolicyLinkView & { counts: boolean })[]; controls: ControlLinkView[] }>();
  const slot = (fw: string, id: string) => {
    const k = `${fw}\u0000${id}`;
    let s = byCriterion.get(k);
    if (!s) byCriterion.set(k, (s = { policies: [], controls: [] }));
    return s;
  };
  for (const p of policies) {
    const link = { id: p.id, title: p.title, status: p.status, known: true, lang: p.lang, counts: p.status === 'approved' || p.status === 'in-review' };
    for (const group of p.criteria) for (const c of group.items) slot(group.framework, c.id).policies.push(link);
  }
  for (const c of [...project.controls].sort((a, b) => (a.control.id < b.control.id ? -1 : 1))) {
    for (const [fw, ids] of c.criteria) for (const id of new Set(ids)) slot(fw, id).controls.push(lookups.control(c.control.id));
  }
  return [...project.catalogues.values()].map((cat) => catalogueCoverage(cat, byCriterion));
}

function catalogueCoverage(cat: Catalogue, byCriterion: Map<string, { policies: (PolicyLinkView & { counts: boolean })[]; controls: ControlLinkView[] }>): FrameworkCoverage {
  const totals = counts();
  const groups = new Map((cat.groups.length ? cat.groups : [{ id: '', name: cat.short }]).map((g) => [g.id, {
    id: g.id, name: g.name, inScope: cat.inScope && (!cat.scopeGroups || cat.scopeGroups.has(g.id)), ...counts(),
  }]));
  const families = new Map(cat.families.map((f) => [f.id, { id: f.id, name: f.name, criteria: [] as CriterionCoverage[] }]));
  const other = { id: '', name: 'Other criteria', criteria: [] as CriterionCoverage[] };
  const criteria = cat.items.map((item): CriterionCoverage => {
    const found = byCriterion.get(`${cat.id}\u0000${item.id}`) ?? { policies: [], controls: [] };
    const inScope = itemInScope(cat, item);
    const coveredBy = found.policies.some((p) => p.counts) ? 'policy' : found.controls.length ? 'control' : undefined;
    const c: CriterionCoverage = {
      framework: cat.id, id: item.id, title: item.title, summary: item.summary, group: item.group, inScope,
      policies: found.policies, controls: found.controls,
      state: !inScope ? 'out-of-scope' : coveredBy ? 'covered' : 'gap', coveredBy,
    };
    tally(totals, c);
    const g = groups.get(item.group ?? '') ?? groups.get('');
    if (g) tally(g, c);
    (item.family ? families.get(item.family) ?? other : other).criteria.push(c);
    return c;
  });
  return {
    id: cat.id, name: cat.name, short: cat.short, edition: cat.edition, inScope: cat.inScope, totals,
    groups: [...groups.values()].filter((g) => g.total + g.outOfScope > 0),
    families: [...families.values(), other].filter((f) => f.criteria.length > 0),
    criteria,
  };
}
