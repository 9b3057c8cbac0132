import { pageChrome, type SiteInfo } from './chrome.js';
import type { PageSpec } from './page-writer.js';
import { searchBundle, searchBundleLanguages, type SearchLanguages } from './search-index.js';
import { relative, urls } from './urls.js';

/**
 * The search page: a form that works with the header's search box; results need JavaScript
 * (Pagefind). `bundles` names each language's index (`pagefind:en pagefind/ja:ja`), all searched.
 */
export function searchPage(site: SiteInfo, languages: SearchLanguages): PageSpec {
  const at = urls.search;
  return {
    path: at,
    template: 'search.hbs',
    data: {
      ...pageChrome(site, at, site.messages.t('portal.search.title'), 'search', { scripts: ['search.js'] }),
      homeHref: relative(at, urls.home),
      bundles: searchBundleLanguages(languages).map((lang) => `${searchBundle(languages, lang)}:${lang}`),
    },
  };
}
