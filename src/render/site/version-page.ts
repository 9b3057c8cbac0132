import type { BodyGroup } from '../data/bodies.js';
import type { BuildData } from '../data/build-data.js';
import type { ChangeSummary } from '../data/render-job.js';
import { classifyFields, mostMaterialFirst, overallLevel } from '../../repo/versioning/classify.js';
import type { FieldChange } from '../../repo/versioning/fields.js';
import type { PolicyView, VersionView } from '../data/views.js';
import { pageChrome, type SiteInfo } from './chrome.js';
import { kindLabel, langAttr } from './labels.js';
import type { VersionFiles } from './files.js';
import type { PageSpec } from './page-writer.js';
import { bodyForPage, translationLinks } from './policy-page.js';
import { relative, urls } from './urls.js';

/**
 * The summary that opens a version page: the classification, the sections changed and each change,
 * linked to it in the redline, and the frontmatter fields that changed (owner, approvers, scope...),
 * classified by the same rules as `precept review`.
 */
function whatChanged(site: SiteInfo, summary: ChangeSummary, fieldChanges: readonly FieldChange[], from: string) {
  const m = site.messages;
  const level = (l: string) => m.t(`people.changed.level-${l}`);
  const sections = new Map<string, string>();
  for (const c of summary.changes) if (!sections.has(c.section)) sections.set(c.section, `#${c.anchor}`);
  const fields = mostMaterialFirst(classifyFields(fieldChanges, m));
  return {
    from,
    levelLabel: level(overallLevel([{ level: summary.level, text: '' }, ...fields])),
    fields: fields.map((r) => ({ level: r.level, levelLabel: level(r.level), text: r.text })),
    sections: [...sections].map(([name, href]) => ({ name: name || m.t('people.changed.no-section'), href })),
    changes: summary.changes.map((c, i) => ({ n: i + 1, href: `#${c.anchor}`, level: c.level, levelLabel: level(c.level), section: c.section, reasons: c.reasons })),
  };
}

/** The page of one version: what changed from the version before (a redline), and its full text. */
export function versionPage(data: BuildData, site: SiteInfo, policy: PolicyView, v: VersionView, group: BodyGroup, files: VersionFiles): PageSpec {
  const at = urls.version(policy.id, v.slug);
  const versionHref = (slug: string) => relative(at, urls.version(policy.id, slug));
  return {
    path: at,
    template: 'version.hbs',
    needs: group,
    data: {
      ...pageChrome(site, at, site.messages.t('portal.version.title', { title: v.title, version: v.version }), 'policies'),
      homeHref: relative(at, urls.home),
      policy: { id: policy.id, title: policy.title, href: relative(at, urls.policy(policy.id)), currentVersion: policy.version, lang: langAttr(site.messages, policy.lang) },
      translations: translationLinks(data, at, policy, site.languageName),
      version: {
        version: v.version, number: v.number, title: v.title, date: v.date, commit: v.commit, shortCommit: v.shortCommit,
        author: v.author, subject: v.subject, effective: v.effective, revisions: v.revisions,
        kind: v.kind, kindLabel: kindLabel(site.messages, v.kind), current: v.current, uncommitted: v.uncommitted, inForce: v.inForce,
      },
      inForceNow: (() => {
        const now = policy.versions.find((x) => x.inForce.state === 'in-force');
        return now && now !== v ? { version: now.version, href: versionHref(now.slug), from: now.inForce.from } : undefined;
      })(),
      total: policy.versions.length,
      previous: v.previous ? { version: v.previous.version, href: versionHref(v.previous.slug) } : undefined,
      next: v.next ? { version: v.next.version, href: versionHref(v.next.slug) } : undefined,
      versions: [...policy.versions].reverse().map((x) => ({ version: x.version, href: versionHref(x.slug), date: x.date, here: x === v, current: x.current, inForce: x.inForce.state === 'in-force' })),
      approvals: v.approvals,
      body: v.body,
      redline: v.redline,
      files: files.paths,
      attachments: files.attachments.map((a) => ({ ...a, href: relative(at, a.path) })),
    },
    complete: (bodies) => {
      const redline = v.redline ? bodies.redline(v.redline) : undefined;
      return {
        ...bodyForPage(bodies, data, site, at, policy, v, new Map(files.paths)),
        redlineHtml: redline?.html,
        whatChanged: redline && v.previous ? whatChanged(site, redline.summary, v.fields, v.previous.version) : undefined,
        stats: redline?.stats,
        unchanged: redline ? redline.stats.inserted + redline.stats.deleted + redline.stats.moved + redline.stats.reformatted === 0 : false,
      };
    },
  };
}
