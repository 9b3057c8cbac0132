import path from 'node:path';
import { bodyLinks, linkTarget, repoPath, withFullParsers } from '../../markdown/link-scan.js';
import { LIMITS } from '../../repo/load/limits.js';
import { linkAt } from './broken-link.js';
import { says, type Rule } from './rule.js';

/** Files a policy shows or attaches are published with every page and PDF of it: they have a size limit. */
export const assetTooLarge: Rule = {
  id: 'asset-too-large',
  description: 'Images and attachments a policy refers to are at most 10 MiB each.',
  severity: 'error',
  async check({ project }, report) {
    for (const policy of project.policies) {
      const dir = path.posix.dirname(policy.file);
      for (const link of await withFullParsers(() => bodyLinks(policy.body))) {
        const target = linkTarget(link.url);
        if (target.kind !== 'file') continue;
        const file = repoPath(dir, target);
        const found = file === undefined ? undefined : project.files.get(file);
        if (found?.kind !== 'file' || /\.md$/i.test(found.file) || found.size <= LIMITS.maxAssetBytes) continue;
        report(policy.file, await linkAt(policy, link), says('asset-too-large.message', { file: found.file, size: found.size, limit: LIMITS.maxAssetBytes }), {
          hint: says('asset-too-large.hint'),
        });
      }
    }
  },
};
