import type { BuildData } from '../data/build-data.js';
import { pageChrome, type SiteInfo } from './chrome.js';
import { frequencyLabel, langAttr, statusLabel } from './labels.js';
import type { PageSpec } from './page-writer.js';
import { mappingLinks } from './policy-page.js';
import { relative, urls } from './urls.js';

/** The controls index and one page per control: criteria, owner, evidence and the policies that set it. */
export function controlPages(data: BuildData, site: SiteInfo): PageSpec[] {
  const at = urls.controls;
  const index: PageSpec = {
    path: at,
    template: 'controls.hbs',
    data: {
      ...pageChrome(site, at, site.messages.t('portal.controls.title'), 'controls'),
      controls: data.controls.map((c) => ({
        id: c.id, title: c.title, href: relative(at, urls.control(c.id)), owner: c.owner.name,
        criteria: c.criteria.map((g) => ({ short: g.short, ids: g.items.map((i) => i.id).join(', ') })),
        evidence: c.evidence.length,
        policies: c.policies.map((p) => ({ title: p.title, href: relative(at, urls.policy(p.id)), lang: langAttr(site.messages, p.lang) })),
      })),
    },
  };
  const pages = data.controls.map((c): PageSpec => {
    const here = urls.control(c.id);
    return {
      path: here,
      template: 'control.hbs',
      data: {
        ...pageChrome(site, here, `${c.id} ${c.title}`, 'controls'),
        controlsHref: relative(here, urls.controls),
        control: {
          id: c.id, title: c.title, description: c.description, file: c.file, owner: c.owner,
          evidence: c.evidence.map((e) => ({ ...e, frequencyLabel: frequencyLabel(site.messages, e.frequency) })),
        },
        criteria: mappingLinks(here, { criteria: c.criteria, controls: [] }).criteria,
        policies: c.policies.map((p) => ({ title: p.title, href: relative(here, urls.policy(p.id)), lang: langAttr(site.messages, p.lang), statusLabel: statusLabel(site.messages, p.status) })),
      },
    };
  });
  return [index, ...pages];
}
