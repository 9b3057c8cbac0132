import type { Policy } from './types.js';

/**
 * The language a policy is written in (BCP 47): its frontmatter's `lang` when it declares one,
 * else the repo's locale. Redlines find words by it, and pages mark the text with it.
 */
export function policyLanguage(policy: Policy, locale: string): string {
  const data = policy.yaml?.data;
  const lang = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)['lang'] : undefined;
  return typeof lang === 'string' && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(lang.trim()) ? lang.trim() : locale;
}
