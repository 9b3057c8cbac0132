import { itemInScope } from '../../repo/catalogues/catalogue.js';
import type { Project } from '../../repo/project/types.js';
import type { VersionInForce } from './in-force.js';

/** One criterion in scope and what addressed it during the period. */
export interface CoverageRow {
  id: string;
  title: string;
  /** "Access Control Policy v2.1.1" for each version in force that maps it. */
  policies: string[];
  /** Control ids that map it. */
  controls: string[];
}

/** The coverage matrix of one framework in scope. */
export interface CoverageTable {
  framework: string;
  name: string;
  rows: CoverageRow[];
  covered: number;
  gaps: CoverageRow[];
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
 * Criteria in scope against the policy versions in force during the period and the controls:
 * one table per framework in scope, with the criteria nothing addressed (the gaps).
 */
export function coverageMatrix(project: Project, versions: readonly VersionInForce[]): CoverageTable[] {
  const byCriterion = new Map<string, { policies: Set<string>; controls: Set<string> }>();
  const entry = (fw: string, id: string) => {
    const key = `${fw}\u0000${id}`;
    let e = byCriterion.get(key);
    if (!e) byCriterion.set(key, (e = { policies: new Set(), controls: new Set() }));
    return e;
  };
  for (const v of versions) {
    for (const [fw, ids] of criteriaOf(v.meta, project.config.defaultFramework)) for (const id of ids) entry(fw, id).policies.add(`${v.title} v${v.version}`);
  }
  for (const c of project.controls) for (const [fw, ids] of c.criteria) for (const id of ids) entry(fw, id).controls.add(c.control.id);
  const tables: CoverageTable[] = [];
  for (const catalogue of project.catalogues.values()) {
    if (!catalogue.inScope) continue;
    const rows = catalogue.items.filter((item) => itemInScope(catalogue, item)).map((item) => {
      const e = byCriterion.get(`${catalogue.id}\u0000${item.id}`);
      return { id: item.id, title: item.title, policies: [...(e?.policies ?? [])].sort(), controls: [...(e?.controls ?? [])].sort() };
    });
    const gaps = rows.filter((r) => !r.policies.length && !r.controls.length);
    tables.push({ framework: catalogue.id, name: catalogue.name, rows, covered: rows.length - gaps.length, gaps });
  }
  return tables;
}
