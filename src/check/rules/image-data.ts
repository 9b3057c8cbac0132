import { readDataImage } from '../../markdown/images.js';
import { bodyLinks, linkTarget } from '../../markdown/links.js';
import { LIMITS } from '../../repo/load/limits.js';
import { linkPosition } from './broken-link.js';
import type { Rule } from './rule.js';

/** `data:` images the sanitizer drops: SVG, anything whose bytes are not the raster image declared, or too large. */
export const imageData: Rule = {
  id: 'image-data',
  description: 'data: images are PNG, JPEG, GIF or WebP (checked by their bytes), base64, and at most 512 KiB; others are not shown.',
  severity: 'warning',
  strictable: true,
  check({ project }, report) {
    for (const policy of project.policies) {
      for (const link of bodyLinks(policy.body)) {
        if (link.kind !== 'image') continue;
        const target = linkTarget(link.url);
        if (target.kind !== 'external' || target.scheme !== 'data') continue;
        const image = readDataImage(link.url, LIMITS.maxDataImageBytes);
        if (!image.ok) report(policy.file, linkPosition(policy, link), `data: image not shown: ${image.why}`);
      }
    }
  },
};
