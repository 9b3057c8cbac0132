import { bodyLinks, linkTarget, withFullParsers } from '../../markdown/link-scan.js';
import { linkAt } from './broken-link.js';
import type { Rule } from './rule.js';

/** Images from other sites: blocked by default (the portal's CSP, and PDFs never fetch). */
export const remoteImage: Rule = {
  id: 'remote-image',
  description: 'Images from other sites are not shown unless site.remoteImages is allow; PDFs never show them.',
  severity: 'warning',
  strictable: true,
  async check({ project }, report) {
    const allowed = project.config.site.remoteImages === 'allow';
    for (const policy of project.policies) {
      for (const link of await withFullParsers(() => bodyLinks(policy.body))) {
        if (link.kind !== 'image') continue;
        const target = linkTarget(link.url);
        if (target.kind !== 'external' || target.scheme === 'data') continue;
        const where = allowed ? 'PDFs do not show it (they never fetch from the network)' : 'the portal does not show it (site.remoteImages is block)';
        report(policy.file, await linkAt(policy, link), `remote image: ${link.url}: ${where}`, {
          hint: allowed ? 'save the image beside the policy and link it relatively' : 'save the image beside the policy and link it relatively, or set site.remoteImages: allow in precept.config.yaml',
        });
      }
    }
  },
};
