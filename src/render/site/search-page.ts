import { pageChrome, type SiteInfo } from './chrome.js';
import type { PageSpec } from './page-writer.js';
import { relative, urls } from './urls.js';

/** The search page: a form that works with the header's search box; results need JavaScript (Pagefind). */
export function searchPage(site: SiteInfo): PageSpec {
  const at = urls.search;
  return {
    path: at,
    template: 'search.hbs',
    data: {
      ...pageChrome(site, at, 'Search', 'search', { scripts: ['search.js'] }),
      homeHref: relative(at, urls.home),
    },
  };
}
