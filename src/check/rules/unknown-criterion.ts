import type { YamlSource } from '../../repo/load/yaml-source.js';
import { criterionPath } from '../../repo/project/criteria.js';
import type { CriteriaMap } from '../../repo/project/types.js';
import { says, suggest, type Rule, type RuleContext, type RuleReport } from './rule.js';

/** Mapped criteria must exist in a known framework's catalogue. */
export const unknownCriterion: Rule = {
  id: 'unknown-criterion',
  description: 'Criteria mapped by policies and controls exist in the SOC 2, ISO 27001 or repo catalogues.',
  severity: 'error',
  check(ctx, report) {
    for (const policy of ctx.policies) {
      checkCriteria(ctx, report, policy.file, policy.yaml, [], policy.meta.criteria, policy.criteria);
    }
    for (const entry of ctx.project.controls) {
      checkCriteria(ctx, report, entry.file, entry.yaml, [entry.index], entry.control.criteria, entry.criteria);
    }
  },
};

function checkCriteria(
  { project }: RuleContext,
  report: RuleReport,
  file: string,
  yaml: YamlSource,
  prefix: (string | number)[],
  raw: unknown,
  criteria: CriteriaMap,
): void {
  for (const [framework, ids] of criteria) {
    const catalogue = project.catalogues.get(framework);
    if (!catalogue) {
      report(file, yaml.locate([...prefix, 'criteria', framework], 'key'),
        says('unknown-criterion.framework', { framework, suggest: suggest(framework, project.catalogues.keys()) }),
        { hint: says('unknown-criterion.framework-hint', { known: [...project.catalogues.keys()].join(', ') }) });
      continue;
    }
    ids.forEach((id, i) => {
      if (catalogue.byId.has(id)) return;
      report(file, yaml.locate([...prefix, ...criterionPath(raw, framework, i)]),
        says('unknown-criterion.criterion', { framework: catalogue.short, id, suggest: suggest(id, catalogue.byId.keys()) }));
    });
  }
}
