import path from 'node:path';
import { bodyLinks, linkTarget, repoPath, withFullParsers } from '../../markdown/link-scan.js';
import { linkAt } from './broken-link.js';
import { says, type Rule } from './rule.js';

/** `/handbook/x.md`: read from the repo root, which is only the site's root when it is hosted at one. */
export const siteAbsoluteLink: Rule = {
  id: 'site-absolute-link',
  description: 'Links and images starting with / work only when the portal is at the root of its host: write them relative.',
  severity: 'warning',
  strictable: true,
  async check({ project }, report) {
    for (const policy of project.policies) {
      const dir = path.posix.dirname(policy.file);
      for (const link of await withFullParsers(() => bodyLinks(policy.body))) {
        const target = linkTarget(link.url);
        if (target.kind !== 'file' || !target.absolute) continue;
        const file = repoPath(dir, target);
        if (file === undefined || (!project.files.has(file) && !project.policies.some((p) => p.file === file))) continue;
        const relative = path.posix.relative(dir, file) + (target.fragment !== undefined ? `#${target.fragment}` : '');
        report(policy.file, await linkAt(policy, link), says('site-absolute-link.message', { kind: link.kind, url: link.url }), { hint: says('site-absolute-link.hint', { relative }) });
      }
    }
  },
};
