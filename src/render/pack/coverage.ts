import { itemInScope } from '../../repo/catalogues/catalogue.js';
import type { Project } from '../../repo/project/types.js';
import { clip, dayCount, gaps, lastDayOf, periodRange, union, type DayRange } from './days.js';
import type { Period } from './period.js';
import type { VersionInForce } from './versions.js';

/** One criterion in scope, and on which days of the period something addressed it. */
export interface CoverageRow {
  id: string;
  title: string;
  /** Each version in force that maps it, with the first and last day of the period it did. */
  policies: { label: string; from: string; to: string }[];
  /** Control ids that map it (as of the period's end: controls carry no dates). */
  controls: string[];
  /** Days of the period a policy in force mapped it, of `periodDays`. */
  days: number;
  periodDays: number;
  /** Stretches of the period no policy in force mapped it (first and last day). */
  uncovered: { from: string; to: string }[];
  /** every-day: a policy on every day; part: on some days; controls-only: no policy but controls; none: nothing. */
  state: 'every-day' | 'part' | 'controls-only' | 'none';
}

/** The coverage matrix of one framework in scope. */
export interface CoverageTable {
  framework: string;
  name: string;
  rows: CoverageRow[];
  counts: Record<CoverageRow['state'], number>;
}

/** A version's criteria, read leniently from historical frontmatter (plain list = default framework). */
function criteriaOf(meta: Readonly<Record<string, unknown>>, defaultFramework: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const value = meta['criteria'];
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  if (Array.isArray(value)) map.set(defaultFramework, ids(value));
  else if (value && typeof value === 'object') for (const [fw, list] of Object.entries(value)) map.set(fw, ids(list));
  return map;
}

/**
 * Criteria in scope (as of the period's end) against the days the policy versions in force mapped
 * them, and the controls that map them: one table per framework in scope.
 */
export function coverageMatrix(project: Project, versions: readonly VersionInForce[], period: Period): CoverageTable[] {
  const within = periodRange(period);
  const periodDays = dayCount([within]);
  const byCriterion = new Map<string, { policies: { label: string; days: DayRange[] }[]; controls: Set<string> }>();
  const entry = (fw: string, id: string) => {
    const key = `${fw}\u0000${id}`;
    let e = byCriterion.get(key);
    if (!e) byCriterion.set(key, (e = { policies: [], controls: new Set() }));
    return e;
  };
  for (const v of versions) {
    const days = v.spans.map((s) => clip(s.from, s.until, within)).filter((r): r is DayRange => r !== undefined);
    if (!days.length) continue;
    for (const [fw, ids] of criteriaOf(v.meta, project.config.defaultFramework)) {
      for (const id of ids) entry(fw, id).policies.push({ label: `${v.title} v${v.version}`, days });
    }
  }
  for (const c of project.controls) for (const [fw, ids] of c.criteria) for (const id of ids) entry(fw, id).controls.add(c.control.id);
  const tables: CoverageTable[] = [];
  for (const catalogue of project.catalogues.values()) {
    if (!catalogue.inScope) continue;
    const counts: CoverageTable['counts'] = { 'every-day': 0, part: 0, 'controls-only': 0, none: 0 };
    const rows = catalogue.items.filter((item) => itemInScope(catalogue, item)).map((item): CoverageRow => {
      const e = byCriterion.get(`${catalogue.id}\u0000${item.id}`);
      const covered = union((e?.policies ?? []).flatMap((p) => p.days));
      const days = dayCount(covered);
      const controls = [...(e?.controls ?? [])].sort();
      const state = days === periodDays ? 'every-day' : days > 0 ? 'part' : controls.length ? 'controls-only' : 'none';
      counts[state]++;
      return {
        id: item.id,
        title: item.title,
        policies: (e?.policies ?? []).map((p) => ({ label: p.label, from: p.days[0]!.from, to: lastDayOf(p.days[p.days.length - 1]!) }))
          .sort((a, b) => a.label.localeCompare(b.label, 'en') || (a.from < b.from ? -1 : 1)),
        controls,
        days,
        periodDays,
        uncovered: days > 0 ? gaps(covered, within).map((g) => ({ from: g.from, to: lastDayOf(g) })) : [],
        state,
      };
    });
    tables.push({ framework: catalogue.id, name: catalogue.name, rows, counts });
  }
  return tables;
}
