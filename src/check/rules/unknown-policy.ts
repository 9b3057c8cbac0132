import { suggestion } from '../../core/suggest/did-you-mean.js';
import type { Rule } from './rule.js';

/** `related:` and `translationOf:` name existing policies; a translation names the original, in another language. */
export const unknownPolicy: Rule = {
  id: 'unknown-policy',
  description: 'Policies listed under related: or named by translationOf: exist; a translation names its original, written in another language.',
  severity: 'error',
  check({ project, policies }, report) {
    const ids = new Set(project.policies.map((p) => p.id));
    const valid = new Map(policies.map((p) => [p.id, p]));
    const langOf = (p: { meta: { lang?: string | undefined } }) => p.meta.lang ?? project.config.locale;
    for (const policy of policies) {
      (policy.meta.related ?? []).forEach((id, i) => {
        // Positions are looked up only for what is reported (finding one may need a full parse).
        const at = () => policy.yaml.locate(['related', i]);
        if (id === policy.id) report(policy.file, at(), `related: a policy cannot be related to itself`);
        else if (!ids.has(id)) report(policy.file, at(), `related: unknown policy "${id}"${suggestion(id, ids)}`);
      });
      const original = policy.meta.translationOf;
      if (original === undefined) continue;
      const at = () => policy.yaml.locate(['translationOf']);
      const target = valid.get(original);
      if (original === policy.id) report(policy.file, at(), 'translationOf: a policy cannot be a translation of itself');
      else if (!ids.has(original)) report(policy.file, at(), `translationOf: unknown policy "${original}"${suggestion(original, ids)}`);
      else if (target?.meta.translationOf !== undefined) {
        report(policy.file, at(), `translationOf: "${original}" is itself a translation of "${target.meta.translationOf}"`, {
          hint: `name the original: translationOf: ${target.meta.translationOf}`,
        });
      } else if (target && langOf(target) === langOf(policy)) {
        report(policy.file, at(), `translationOf: "${original}" is written in the same language (${langOf(policy)})`, {
          severity: 'warning',
          hint: 'set lang: on the translation (or on the original) to the language it is written in',
        });
      }
    }
  },
};
