import type { Policy } from './types.js';

/** BCP 47 as the policy schema accepts it for `lang`. */
const LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/**
 * The language a policy is written in (BCP 47): its frontmatter's `lang` when it declares one,
 * else the repo's locale. Pages mark the text with it and redlines find words by it; a policy
 * whose frontmatter failed the schema (`review` still compares it) is read as far as it can be.
 */
export function policyLanguage(policy: Policy, locale: string): string {
  if (policy.meta) return policy.meta.lang ?? locale;
  const data = policy.yaml?.data;
  const lang = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)['lang'] : undefined;
  return typeof lang === 'string' && LANG.test(lang) ? lang : locale;
}
