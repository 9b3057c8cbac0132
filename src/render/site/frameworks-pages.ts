import type { BuildData } from '../data/build-data.js';
import type { CriterionCoverage } from '../data/views.js';
import { pageChrome, type SiteInfo } from './chrome.js';
import { langAttr, statusLabel } from './labels.js';
import type { PageSpec } from './page-writer.js';
import { criterionAnchor, relative, urls } from './urls.js';

/** The frameworks index and, per framework, the matrix of its criteria against policies and controls. */
export function frameworkPages(data: BuildData, site: SiteInfo): PageSpec[] {
  const at = urls.frameworks;
  const index: PageSpec = {
    path: at,
    template: 'frameworks.hbs',
    data: {
      ...pageChrome(site, at, site.messages.t('portal.frameworks.title'), 'frameworks'),
      frameworks: data.coverage.map((f) => ({
        name: f.name, short: f.short, edition: f.edition, inScope: f.inScope, href: relative(at, urls.framework(f.id)),
        totals: f.totals, covered: f.totals.byPolicy + f.totals.byControlOnly,
      })),
      inScope: data.coverage.filter((f) => f.inScope).map((f) => ({
        name: f.name, href: relative(at, urls.framework(f.id)), totals: f.totals, covered: f.totals.byPolicy + f.totals.byControlOnly,
        groups: f.groups.filter((g) => g.inScope).map((g) => ({ ...g, covered: g.byPolicy + g.byControlOnly })),
      })),
    },
  };
  const pages = data.coverage.map((f): PageSpec => {
    const here = urls.framework(f.id);
    const row = (c: CriterionCoverage) => ({
      id: c.id, anchor: criterionAnchor(c.id), title: c.title, summary: c.summary, state: c.state, stateLabel: site.messages.t(`portal.framework.state.${c.state}`),
      controlOnly: c.coveredBy === 'control',
      policies: c.policies.map((p) => ({ title: p.title, href: relative(here, urls.policy(p.id)), lang: langAttr(site.messages, p.lang), counts: p.counts, statusLabel: statusLabel(site.messages, p.status) })),
      controls: c.controls.map((x) => ({ id: x.id, title: x.title, href: relative(here, urls.control(x.id)) })),
    });
    return {
      path: here,
      template: 'framework.hbs',
      data: {
        ...pageChrome(site, here, f.name, 'frameworks'),
        frameworksHref: relative(here, urls.frameworks),
        framework: { name: f.name, short: f.short, edition: f.edition, inScope: f.inScope, totals: f.totals, covered: f.totals.byPolicy + f.totals.byControlOnly },
        groups: f.groups.map((g) => ({ name: g.name, inScope: g.inScope, total: g.total, covered: g.byPolicy + g.byControlOnly, gaps: g.gaps, outOfScope: g.outOfScope })),
        families: f.families.map((fam) => ({ id: fam.id, name: fam.name, criteria: fam.criteria.map(row) })),
      },
    };
  });
  return [index, ...pages];
}
