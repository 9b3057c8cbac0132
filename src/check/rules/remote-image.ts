import { bodyLinks, linkTarget, withFullParsers } from '../../markdown/link-scan.js';
import { linkAt } from './broken-link.js';
import { says, type Rule } from './rule.js';

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
        report(policy.file, await linkAt(policy, link), says('remote-image.message', { url: link.url, allowed: allowed ? 'yes' : 'no' }), {
          hint: says(allowed ? 'remote-image.hint-allowed' : 'remote-image.hint-blocked'),
        });
      }
    }
  },
};
