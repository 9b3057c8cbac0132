import { readDataImage } from '../../markdown/images.js';
import { bodyLinks, linkTarget, withFullParsers } from '../../markdown/link-scan.js';
import { LIMITS } from '../../repo/load/limits.js';
import { linkAt } from './broken-link.js';
import { says, type Rule } from './rule.js';

/** `data:` images the sanitizer drops: SVG, anything whose bytes are not the raster image declared, or too large. */
export const imageData: Rule = {
  id: 'image-data',
  description: 'data: images are PNG, JPEG, GIF or WebP (checked by their bytes), base64, and at most 512 KiB; others are not shown.',
  severity: 'warning',
  strictable: true,
  async check({ project }, report) {
    for (const policy of project.policies) {
      for (const link of await withFullParsers(() => bodyLinks(policy.body))) {
        if (link.kind !== 'image') continue;
        const target = linkTarget(link.url);
        if (target.kind !== 'external' || target.scheme !== 'data') continue;
        const image = readDataImage(link.url, LIMITS.maxDataImageBytes);
        if (!image.ok) report(policy.file, await linkAt(policy, link), says('image-data.message', { why: image.why }));
      }
    }
  },
};
