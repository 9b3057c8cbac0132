import type { BuildData } from '../data/build-data.js';
import { buildDate, pageChrome, type SiteInfo } from './chrome.js';
import { coverageChart } from './coverage-chart.js';
import { langAttr, reviewBadge, statusLabel } from './labels.js';
import type { PageSpec } from './page-writer.js';
import { relative, urls } from './urls.js';

/** The home page: the policy register and coverage at a glance. */
export function homePage(data: BuildData, site: SiteInfo): PageSpec {
  const at = urls.home;
  const policies = data.policies.map((p) => ({
    id: p.id,
    href: relative(at, urls.policy(p.id)),
    title: p.title,
    lang: langAttr(site.messages, p.lang),
    summary: p.summary,
    owner: p.owner.name,
    version: p.version,
    versionHref: relative(at, urls.version(p.id, p.current.slug)),
    status: p.status,
    statusLabel: statusLabel(site.messages, p.status),
    effective: p.effective,
    nextReview: p.status === 'retired' ? undefined : p.review.next,
    badge: reviewBadge(site.messages, p.review, p.status === 'retired'),
    audience: p.audience.map((g) => g.name).join(', '),
  }));
  const live = data.policies.filter((p) => p.status !== 'retired');
  const frameworks = data.coverage.filter((f) => f.inScope).map((f) => ({
    name: f.name,
    short: f.short,
    href: relative(at, urls.framework(f.id)),
    totals: f.totals,
    covered: f.totals.byPolicy + f.totals.byControlOnly,
  }));
  return {
    path: at,
    template: 'home.hbs',
    data: {
      ...pageChrome(site, at, site.name, 'policies'),
      heading: site.name,
      asOf: data.asOf,
      buildDate: buildDate(data),
      commit: data.commit?.slice(0, 7),
      counts: {
        policies: data.policies.length,
        approved: data.policies.filter((p) => p.status === 'approved').length,
        overdue: live.filter((p) => p.review.status === 'overdue').length,
        dueSoon: live.filter((p) => p.review.status === 'due-soon').length,
      },
      policies,
      frameworks,
      chart: coverageChart(data.coverage, site.messages),
      ackShares: { ...data.ackShares, policies: data.ackShares.policies.map((s) => ({ ...s, lang: langAttr(site.messages, data.policiesById.get(s.policy)?.lang) })) },
    },
  };
}
