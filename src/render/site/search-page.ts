import { pageChrome, type SiteInfo } from './chrome.js';
import type { PageSpec } from './page-writer.js';
import { bundleDir, searchBundles, type SearchLanguages } from './search-index.js';
import { relative, urls } from './urls.js';

/**
 * The search page: a form that works with the header's search box; results need JavaScript
 * (Pagefind). `bundles` names each index with its language (`pagefind:en pagefind/_s1:en pagefind/ja:ja`),
 * all searched, and each restricted policy's index (`pagefind/_r/<hash>:en:r`), searched when the server hands it out.
 */
export function searchPage(site: SiteInfo, languages: SearchLanguages): PageSpec {
  const at = urls.search;
  return {
    path: at,
    template: 'search.hbs',
    data: {
      ...pageChrome(site, at, site.messages.t('portal.search.title'), 'search', { scripts: ['search.js'] }),
      homeHref: relative(at, urls.home),
      bundles: [
        ...searchBundles(languages.pages.keys(), languages).filter((b) => !b.restricted).map((b) => `${bundleDir(b)}:${b.lang}`),
        // `:r`: the index of a restricted policy, which `precept serve` gives only to its readers.
        ...[...(languages.restricted ?? [])].map(([page, dir]) => `${dir}:${languages.pages.get(page) ?? languages.ui}:r`).sort(),
      ],
    },
  };
}
