import path from 'node:path';
import { bodyHeadingSlugs, markdownLinkTarget, policyLinks } from '../../markdown/links.js';
import type { Policy } from '../../repo/project/types.js';
import { suggestion } from '../../core/suggest/did-you-mean.js';
import type { Rule } from './rule.js';

/** Links between policies in bodies must lead to a policy (and heading) that exists. */
export const brokenLink: Rule = {
  id: 'broken-link',
  description: 'Relative links from a policy body to another policy (and its #heading) resolve.',
  severity: 'error',
  check({ project }, report) {
    const byFile = new Map(project.policies.map((p) => [p.file, p]));
    const slugCache = new Map<Policy, Set<string>>();
    const slugs = (p: Policy) => {
      let s = slugCache.get(p);
      if (!s) slugCache.set(p, (s = bodyHeadingSlugs(p.body)));
      return s;
    };
    for (const policy of project.policies) {
      const dir = path.posix.dirname(policy.file);
      for (const link of policyLinks(policy.body)) {
        const at = { line: link.line + policy.bodyLine, column: link.column, endLine: link.endLine + policy.bodyLine, endColumn: link.endColumn };
        if (link.url.startsWith('#')) {
          const fragment = link.url.slice(1);
          if (fragment && !slugs(policy).has(decodeURIComponent(fragment))) {
            report(policy.file, at, `link to #${fragment}: no such heading in this policy${suggestion(fragment, slugs(policy))}`);
          }
          continue;
        }
        const target = markdownLinkTarget(link.url);
        if (!target) continue;
        const resolved = target.path.startsWith('/') ? path.posix.normalize(target.path.slice(1)) : path.posix.normalize(path.posix.join(dir, target.path));
        const other = byFile.get(resolved);
        if (!other) {
          const near = suggestion(path.posix.basename(target.path), [...byFile.keys()].map((f) => path.posix.basename(f)));
          report(policy.file, at, `broken link: ${link.url} does not lead to a policy file${near}`);
          continue;
        }
        if (target.fragment) {
          const known = slugs(other);
          if (!known.has(decodeURIComponent(target.fragment))) {
            report(policy.file, at, `broken link: ${other.file} has no heading #${target.fragment}${suggestion(target.fragment, known)}`);
          }
        }
      }
    }
  },
};
