import { itemInScope } from '../../repo/catalogues/catalogue.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';

/** A criterion and who maps it. */
export interface CoverageItem {
  framework: string;
  /** The framework's short name: SOC 2. */
  short: string;
  id: string;
  title: string;
  /** Policies (in force or in review) and controls mapping it, on the side that has them. */
  by: string[];
}

/** What maps each criterion in scope: `framework id` -> policy and control ids. */
export function coverageMap(project: Project): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (fw: string, ids: readonly string[], who: string) => {
    for (const id of ids) map.set(`${fw} ${id}`, [...(map.get(`${fw} ${id}`) ?? []), who]);
  };
  for (const p of project.policies.filter(isValidPolicy)) {
    if (p.meta.status === 'approved' || p.meta.status === 'in-review') for (const [fw, ids] of p.criteria) add(fw, ids, p.id);
  }
  for (const c of project.controls) for (const [fw, ids] of c.criteria) add(fw, ids, c.control.id);
  return map;
}

/** Criteria in scope that lose their last policy or control, and those newly covered. */
export function coverageDelta(before: Project, after: Project): { lost: CoverageItem[]; gained: CoverageItem[] } {
  const a = coverageMap(before);
  const b = coverageMap(after);
  const lost: CoverageItem[] = [];
  const gained: CoverageItem[] = [];
  for (const catalogue of after.catalogues.values()) {
    if (!catalogue.inScope) continue;
    for (const item of catalogue.items) {
      if (!itemInScope(catalogue, item)) continue;
      const key = `${catalogue.id} ${item.id}`;
      const was = a.get(key) ?? [];
      const now = b.get(key) ?? [];
      const base = { framework: catalogue.id, short: catalogue.short, id: item.id, title: item.title };
      if (was.length && !now.length) lost.push({ ...base, by: was });
      if (!was.length && now.length) gained.push({ ...base, by: now });
    }
  }
  return { lost, gained };
}
