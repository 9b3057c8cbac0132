import path from 'node:path';
import { bodyHeadingSlugs, bodyLinks, linkTarget, repoPath, type BodyLink, withFullParsers } from '../../markdown/link-scan.js';
import type { Policy } from '../../repo/project/types.js';
import { didYouMean } from '../../core/suggest/did-you-mean.js';
import { says, suggest, type Rule } from './rule.js';

/** Where a body link stands in its file. */
export function linkPosition(policy: Policy, link: BodyLink) {
  return { line: link.line + policy.bodyLine, column: link.column, endLine: link.endLine + policy.bodyLine, endColumn: link.endColumn };
}

/** linkPosition, loading the parser that finds positions if it is not loaded yet (only diagnostics ask). */
export function linkAt(policy: Policy, link: BodyLink) {
  return withFullParsers(() => linkPosition(policy, link));
}

/** A path from one folder to a file, as a relative link would spell it. */
function relativeLink(fromDir: string, file: string): string {
  return path.posix.relative(fromDir, file) || path.posix.basename(file);
}

/**
 * The existing file a broken link most likely meant, spelled as a link from `dir`: first by the
 * whole path as written (so folders count), then by file name. Only files that exist are offered.
 */
export function nearestFile(dir: string, written: string, files: Iterable<string>): string | undefined {
  const links = new Map<string, string>();
  for (const f of files) links.set(relativeLink(dir, f), f);
  const byPath = didYouMean(written.replace(/^\.\//, ''), links.keys());
  if (byPath !== undefined) return byPath;
  const byName = new Map<string, string>();
  for (const [link, f] of links) if (!byName.has(path.posix.basename(f))) byName.set(path.posix.basename(f), link);
  const name = didYouMean(path.posix.basename(written), byName.keys());
  return name === undefined ? undefined : byName.get(name);
}

/**
 * Every link and image in a body leads somewhere: another policy (and its #heading), a heading on
 * this page, or a file of the repo. Links written in Markdown and in raw HTML alike.
 */
export const brokenLink: Rule = {
  id: 'broken-link',
  description: 'Links and images in a policy body lead to a policy, a heading or a file that exists.',
  severity: 'error',
  async check({ project }, report) {
    const byFile = new Map(project.policies.map((p) => [p.file, p]));
    const slugCache = new Map<Policy, Set<string>>();
    const slugs = async (p: Policy) => {
      let s = slugCache.get(p);
      if (!s) slugCache.set(p, (s = await withFullParsers(() => bodyHeadingSlugs(p.body))));
      return s;
    };
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    for (const policy of project.policies) {
      const dir = path.posix.dirname(policy.file);
      for (const link of await withFullParsers(() => bodyLinks(policy.body))) {
        // Read only for a diagnostic: a link's position is worked out when first asked for.
        const at = () => linkAt(policy, link);
        const target = linkTarget(link.url);
        if (target.kind === 'external') continue;
        if (target.kind === 'anchor') {
          const fragment = target.fragment;
          if (fragment && !(await slugs(policy)).has(decode(fragment))) {
            report(policy.file, await at(), says('broken-link.anchor', { fragment, suggest: suggest(fragment, await slugs(policy)) }));
          }
          continue;
        }
        const file = repoPath(dir, target);
        if (file === undefined) {
          report(policy.file, await at(), says('broken-link.outside', { url: link.url }), { hint: says('broken-link.outside-hint') });
          continue;
        }
        const other = byFile.get(file);
        if (other) {
          if (target.fragment && !(await slugs(other)).has(decode(target.fragment))) {
            report(policy.file, await at(), says('broken-link.heading', { file: other.file, fragment: target.fragment, suggest: suggest(target.fragment, await slugs(other)) }));
          }
          continue;
        }
        const found = project.files.get(file);
        if (found?.kind === 'file' && !/\.md$/i.test(file)) continue;
        if (found?.kind === 'folder') {
          report(policy.file, await at(), says('broken-link.folder', { kind: link.kind, url: link.url }), { hint: says('broken-link.folder-hint') });
          continue;
        }
        const candidates = /\.md$/i.test(file) || link.kind === 'link' && !/\.[a-z0-9]+$/i.test(file) ? byFile.keys() : project.files.keys();
        const near = nearestFile(dir, target.path, [...candidates].filter((f) => f !== file));
        report(policy.file, await at(), says('broken-link.missing', {
          kind: link.kind, url: link.url, target: /\.md$/i.test(file) ? 'policy' : 'file', near: near === undefined ? '' : says('broken-link.near', { file: near }),
        }));
      }
    }
  },
};
