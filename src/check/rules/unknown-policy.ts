import { suggestion } from '../../core/suggest/did-you-mean.js';
import type { Rule } from './rule.js';

/** `related:` names existing policies. */
export const unknownPolicy: Rule = {
  id: 'unknown-policy',
  description: 'Policies listed under related: exist.',
  severity: 'error',
  check({ project, policies }, report) {
    const ids = new Set(project.policies.map((p) => p.id));
    for (const policy of policies) {
      (policy.meta.related ?? []).forEach((id, i) => {
        // Positions are looked up only for what is reported (finding one may need a full parse).
        const at = () => policy.yaml.locate(['related', i]);
        if (id === policy.id) report(policy.file, at(), `related: a policy cannot be related to itself`);
        else if (!ids.has(id)) report(policy.file, at(), `related: unknown policy "${id}"${suggestion(id, ids)}`);
      });
    }
  },
};
