import { pageChrome, type SiteInfo } from './chrome.js';
import type { PageSpec } from './page-writer.js';
import { urls } from './urls.js';

/**
 * My policies: what the signed-in person is asked to accept, filled in by site/assets/me.js from
 * `GET /api/me` under `precept serve`. Nothing links to it on a static host, where it only says
 * what it is for.
 */
export function myPage(site: SiteInfo): PageSpec {
  const at = urls.my;
  return {
    path: at,
    template: 'my.hbs',
    data: pageChrome(site, at, site.messages.t('people.my.title'), undefined),
  };
}
