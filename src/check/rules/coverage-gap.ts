import { itemInScope } from '../../repo/catalogues/catalogue.js';
import { says, type Rule } from './rule.js';

/** A criterion in scope that no policy in force and no control maps. */
export const coverageGap: Rule = {
  id: 'coverage-gap',
  description: 'Every criterion in scope is mapped by at least one approved or in-review policy, or by a control.',
  severity: 'warning',
  strictable: true,
  check({ project, policies }, report) {
    if (policies.length < project.policies.length) return; // broken policies may hold the mapping
    const covered = new Map<string, Set<string>>();
    const add = (framework: string, ids: string[]) => {
      let set = covered.get(framework);
      if (!set) covered.set(framework, (set = new Set()));
      for (const id of ids) set.add(id);
    };
    for (const p of policies) if (p.meta.status === 'approved' || p.meta.status === 'in-review') for (const [fw, ids] of p.criteria) add(fw, ids);
    for (const c of project.controls) for (const [fw, ids] of c.criteria) add(fw, ids);
    const { config } = project;
    const file = config.file ?? 'precept.config.yaml';
    for (const catalogue of project.catalogues.values()) {
      if (!catalogue.inScope) continue;
      const set = covered.get(catalogue.id) ?? new Set<string>();
      for (const item of catalogue.items) {
        if (!itemInScope(catalogue, item) || set.has(item.id)) continue;
        const scopeIndex = config.frameworks.get(catalogue.id)?.scope?.indexOf(item.group ?? '') ?? -1;
        const at = config.source?.locate(scopeIndex >= 0 ? ['frameworks', catalogue.id, 'scope', scopeIndex] : ['frameworks', catalogue.id], scopeIndex >= 0 ? 'value' : 'key')
          ?? { line: 1, column: 1 };
        report(file, at, says('coverage-gap.message', { framework: catalogue.short, id: item.id, title: item.title }),
          { hint: says('coverage-gap.hint', { id: item.id }) });
      }
    }
  },
};
