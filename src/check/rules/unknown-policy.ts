import { says, suggest, type Rule } from './rule.js';

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
        if (id === policy.id) report(policy.file, at(), says('unknown-policy.related-self'));
        else if (!ids.has(id)) report(policy.file, at(), says('unknown-policy.related-unknown', { id, suggest: suggest(id, ids) }));
      });
      const original = policy.meta.translationOf;
      if (original === undefined) continue;
      const at = () => policy.yaml.locate(['translationOf']);
      const target = valid.get(original);
      if (original === policy.id) report(policy.file, at(), says('unknown-policy.translation-self'));
      else if (!ids.has(original)) report(policy.file, at(), says('unknown-policy.translation-unknown', { id: original, suggest: suggest(original, ids) }));
      else if (target?.meta.translationOf !== undefined) {
        report(policy.file, at(), says('unknown-policy.translation-of-translation', { id: original, original: target.meta.translationOf }), {
          hint: says('unknown-policy.translation-of-translation-hint', { original: target.meta.translationOf }),
        });
      } else if (target && langOf(target) === langOf(policy)) {
        report(policy.file, at(), says('unknown-policy.same-language', { id: original, lang: langOf(policy) }), {
          severity: 'warning',
          hint: says('unknown-policy.same-language-hint'),
        });
      }
    }
  },
};
