import path from 'node:path';
import type { Root } from 'mdast';
import { collectLinks, headingSlugs, markdownLinkTarget } from '../markdown/links.js';
import { parseMarkdown } from '../markdown/parse.js';
import type { Policy } from '../project/types.js';
import { suggestion } from '../suggest/did-you-mean.js';
import type { Rule } from './rule.js';

/** Links between policies in bodies must lead to a policy (and heading) that exists. */
export const brokenLink: Rule = {
  id: 'broken-link',
  description: 'Relative links from a policy body to another policy (and its #heading) resolve.',
  severity: 'error',
  check({ project }, report) {
    const byFile = new Map(project.policies.map((p) => [p.file, p]));
    const trees = new Map<Policy, Root>();
    const tree = (p: Policy) => {
      let t = trees.get(p);
      if (!t) trees.set(p, (t = parseMarkdown(p.body)));
      return t;
    };
    for (const policy of project.policies) {
      // Parsing is the costly part: skip bodies that cannot hold a link to a .md file.
      if (!/\.md\b/i.test(policy.body) && !policy.body.includes('](#')) continue;
      const dir = path.posix.dirname(policy.file);
      for (const link of collectLinks(tree(policy))) {
        const at = { line: link.line + policy.bodyLine, column: link.column, endLine: link.endLine + policy.bodyLine, endColumn: link.endColumn };
        if (link.url.startsWith('#')) {
          const fragment = link.url.slice(1);
          if (fragment && !headingSlugs(tree(policy)).has(decodeURIComponent(fragment))) {
            report(policy.file, at, `link to #${fragment}: no such heading in this policy${suggestion(fragment, headingSlugs(tree(policy)))}`);
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
          const slugs = headingSlugs(tree(other));
          if (!slugs.has(decodeURIComponent(target.fragment))) {
            report(policy.file, at, `broken link: ${other.file} has no heading #${target.fragment}${suggestion(target.fragment, slugs)}`);
          }
        }
      }
    }
  },
};
