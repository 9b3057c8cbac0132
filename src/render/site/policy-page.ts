import type { BodyGroup, BodyStore } from '../data/bodies.js';
import type { BuildData } from '../data/build-data.js';
import type { PolicyView } from '../data/views.js';
import { bodyHtml, type BodyPageContext } from './body-links.js';
import { pageChrome, type SiteInfo } from './chrome.js';
import { classificationLabel, cycleLabel, kindLabel, langAttr, reviewBadge, statusLabel } from './labels.js';
import type { VersionFiles } from './files.js';
import type { PageSpec } from './page-writer.js';
import { relative, rootFrom, urls } from './urls.js';

/** The bodies and redlines a policy's pages show: every version and every step between them. */
export function policyBodyGroup(policy: PolicyView): BodyGroup {
  return {
    id: policy.id,
    bodies: policy.versions.map((v) => v.body),
    redlines: policy.versions.flatMap((v) => (v.redline ? [v.redline] : [])),
  };
}

/** Links to pages about criteria, controls and other policies, from one page. */
export function mappingLinks(at: string, p: Pick<PolicyView, 'criteria' | 'controls'>) {
  return {
    criteria: p.criteria.map((g) => ({
      short: g.short,
      name: g.name,
      items: g.items.map((c) => ({ ...c, href: c.known ? relative(at, urls.criterion(c.framework, c.id)) : undefined })),
    })),
    controls: p.controls.map((c) => ({ ...c, href: c.known ? relative(at, urls.control(c.id)) : undefined })),
  };
}

/**
 * The translations of a policy (`translationOf`, either way) as links to their current version,
 * each named in its own language ("日本語", "English"): every policy of the group but this one.
 */
export function translationLinks(data: BuildData, at: string, policy: PolicyView, names: (lang: string) => string) {
  const original = policy.translationOf !== undefined && data.policiesById.has(policy.translationOf) ? policy.translationOf : policy.id;
  return (data.translations.get(original) ?? [])
    .filter((p) => p.id !== policy.id)
    .map((p) => ({ href: relative(at, urls.policy(p.id)), lang: p.lang, name: names(p.lang) }));
}

const bodyLabels = new WeakMap<SiteInfo, BodyPageContext['labels']>();

/** The words pages add around bodies, in the portal's language: made once per build (a table's name is formatted once per number). */
function labelsOf(site: SiteInfo): BodyPageContext['labels'] {
  let labels = bodyLabels.get(site);
  if (!labels) {
    const m = site.messages;
    const tables = new Map<number, string>();
    labels = {
      anchor: m.t('content.heading-anchor'),
      table: (number) => {
        let name = tables.get(number);
        if (name === undefined) tables.set(number, (name = m.t('content.table-region', { number })));
        return name;
      },
      blockedImage: (alt) => m.t('content.image-blocked', { alt }),
      overLimit: ({ line, reason }) => m.t('content.body-limit', { limit: m.t('content.body-limit-at', { line: String(line), reason: m.say(reason) }) }),
    };
    bodyLabels.set(site, labels);
  }
  return labels;
}

/** Makes a body's HTML and table of contents for a page (links resolved from that page, headings linked to themselves). */
export function bodyForPage(bodies: BodyStore, data: BuildData, site: SiteInfo, at: string, policy: PolicyView, version = policy.current, assets: ReadonlyMap<string, string> = new Map()) {
  const body = bodies.body(version.body);
  return {
    bodyHtml: bodyHtml(body, {
      root: rootFrom(at), policyFiles: data.policyFiles, policyIds: data.policiesById, assets, remoteImages: site.remoteImages, labels: labelsOf(site),
    }),
    toc: body.headings.filter((h) => h.depth <= 3 && h.id).map((h) => ({ text: h.text, href: `#${h.id}`, sub: h.depth === 3 })),
    words: body.words,
  };
}

/** A policy's page: metadata panel, rendered body with contents, mappings, related policies and history. */
export function policyPage(data: BuildData, site: SiteInfo, policy: PolicyView, group: BodyGroup, files: VersionFiles, pdf: string | undefined): PageSpec {
  const at = urls.policy(policy.id);
  const link = (p: { id: string; title: string; status: string; known: boolean; lang: string }) => ({
    ...p, lang: langAttr(site.messages, p.lang), statusLabel: statusLabel(site.messages, p.status), href: p.known ? relative(at, urls.policy(p.id)) : undefined,
  });
  return {
    path: at,
    template: 'policy.hbs',
    needs: group,
    data: {
      ...pageChrome(site, at, policy.title, 'policies', { searchable: true }),
      homeHref: relative(at, urls.home),
      policy: {
        id: policy.id, file: policy.file, title: policy.title, summary: policy.summary, aliases: policy.aliases, lang: langAttr(site.messages, policy.lang),
        version: policy.version, status: policy.status, statusLabel: statusLabel(site.messages, policy.status),
        classification: classificationLabel(site.messages, policy.classification),
        effective: policy.effective, owner: policy.owner, approvers: policy.approvers,
        audience: policy.audience, contentHash: policy.contentHash,
        review: { ...policy.review, cycleLabel: cycleLabel(site.messages, policy.review.cycle), badge: reviewBadge(site.messages, policy.review, policy.status === 'retired') },
        hasAudience: policy.audience.length > 0,
      },
      approvals: policy.approvals,
      acknowledgements: policy.acknowledgements,
      versionHref: relative(at, urls.version(policy.id, policy.current.slug)),
      // The summary that opens the current version's page, when there is a version before it.
      latestChangeHref: policy.current.redline ? `${relative(at, urls.version(policy.id, policy.current.slug))}#What-changed` : undefined,
      translations: translationLinks(data, at, policy, site.languageName),
      uncommitted: policy.current.uncommitted,
      ...mappingLinks(at, policy),
      related: policy.related.map(link),
      relatedBy: policy.relatedBy.filter((r) => !policy.related.some((x) => x.id === r.id)).map(link),
      history: [...policy.versions].reverse().map((v) => ({
        version: v.version, href: relative(at, urls.version(policy.id, v.slug)), date: v.date, kindLabel: kindLabel(site.messages, v.kind),
        shortCommit: v.shortCommit, subject: v.subject, current: v.current, uncommitted: v.uncommitted,
      })),
      body: policy.current.body,
      files: files.paths,
      attachments: files.attachments.map((a) => ({ ...a, href: relative(at, a.path) })),
      pdfHref: pdf === undefined ? undefined : relative(at, pdf),
    },
    complete: (bodies) => bodyForPage(bodies, data, site, at, policy, policy.current, new Map(files.paths)),
  };
}
