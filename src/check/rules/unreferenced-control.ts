import { says, type Rule } from './rule.js';

/** A control no policy sets is orphaned: nobody's policy requires it. */
export const unreferencedControl: Rule = {
  id: 'unreferenced-control',
  description: 'Every control is set by at least one policy (listed under its controls:).',
  severity: 'warning',
  check({ project, policies }, report) {
    const used = new Set(policies.flatMap((p) => p.meta.controls ?? []));
    if (policies.length < project.policies.length) {
      // Policies with schema errors may list controls we cannot see: do not guess.
      return;
    }
    for (const entry of project.controls) {
      if (used.has(entry.control.id)) continue;
      report(entry.file, entry.yaml.locate([entry.index, 'id']), says('unreferenced-control.message', { id: entry.control.id }),
        { hint: says('unreferenced-control.hint') });
    }
  },
};
