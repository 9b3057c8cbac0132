import { Memo } from '../../core/memo.js';
import { toolKey } from '../../core/tool-key.js';
import { availableLocales, loadMessages, type Messages } from '../../core/i18n/messages.js';
import type { BuildData } from '../data/build-data.js';
import { hashKey } from '../build/cache.js';
import { toIsoDate } from '../../core/dates/calendar.js';
import { FONTS_CSS } from './fonts.js';
import { relative, rootFrom, urls } from './urls.js';

/** Site-wide facts every page shows or depends on. */
export interface SiteInfo {
  /** The portal's name: config `site.title`, else "<organisation> policies". */
  name: string;
  orgName: string;
  /** Changes whenever something every page depends on changes (theme, messages, precept, links between policies). */
  key: string;
  /** The language pages are written in. */
  messages: Messages;
  /** A language's name in itself ("日本語", "English"), for links to translations. */
  languageName: (lang: string) => string;
  /** Whether images from other sites are shown (config site.remoteImages). */
  remoteImages: 'block' | 'allow';
}

/** The sections of the main navigation. */
export type Section = 'policies' | 'controls' | 'frameworks' | 'search';

// Each label's message key written out: a key made on every page would be a new string to hash on every look-up.
const NAV: { section: Section; path: string; label: string }[] = [
  { section: 'policies', path: urls.home, label: 'portal.nav.policies' },
  { section: 'controls', path: urls.controls, label: 'portal.nav.controls' },
  { section: 'frameworks', path: urls.frameworks, label: 'portal.nav.frameworks' },
  { section: 'search', path: urls.search, label: 'portal.nav.search' },
];

/** Content-Security-Policy for every page: only the site's own files; search may run Pagefind's WebAssembly. */
function csp(wasm: boolean, remoteImages: 'block' | 'allow'): string {
  return [
    "default-src 'self'",
    `script-src 'self'${wasm ? " 'wasm-unsafe-eval'" : ''}`,
    "style-src 'self'",
    // Remote images only when the repo allows them (site.remoteImages: allow), and only over https.
    `img-src 'self' data:${remoteImages === 'allow' ? ' https:' : ''}`,
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const languageNames = new Memo<string, string>({ entries: 1_000 });

/** A language's name in itself: from precept's catalogue for it, else from Intl ("Deutsch" for de). Looked up once per language. */
export function languageName(lang: string): string {
  return languageNames.get(lang, () => {
    try {
      return availableLocales().includes(lang) ? loadMessages(lang).t('meta.name') : new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
    } catch {
      return lang; // not a language tag Intl knows
    }
  });
}

/** Facts shared by every page of this build. */
export function siteInfo(data: BuildData, configured: { title: string | undefined; remoteImages?: 'block' | 'allow' }, themeKey: string, messages: Messages): SiteInfo {
  const remoteImages = configured.remoteImages ?? 'block';
  const links = [...data.policyFiles].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, id]) => `${f}=${id}`).join('\n');
  return {
    name: configured.title ?? messages.t('portal.default-title', { org: data.organization.name }),
    orgName: data.organization.name,
    key: hashKey('site-page', toolKey(), themeKey, links, messages.key, remoteImages),
    messages,
    languageName,
    remoteImages,
  };
}

/**
 * What the layout needs for one page: its title, root prefix, navigation and security policy.
 * `lang` is the language of the portal's own words (the config's locale); text in another
 * language carries its own `lang` where it appears.
 */
export function pageChrome(site: SiteInfo, pagePath: string, title: string, section: Section | undefined, options: { scripts?: string[]; searchable?: boolean } = {}) {
  return {
    root: rootFrom(pagePath),
    title,
    lang: site.messages.locale,
    site: { name: site.name, orgName: site.orgName },
    nav: NAV.map((n) => ({ label: site.messages.t(n.label), href: relative(pagePath, n.path), current: n.section === section })),
    searchAction: relative(pagePath, urls.search),
    myHref: relative(pagePath, urls.my),
    calendar: relative(pagePath, urls.calendar),
    css: relative(pagePath, urls.asset('precept.css')),
    fonts: relative(pagePath, urls.asset(FONTS_CSS)),
    scripts: (options.scripts ?? []).map((s) => relative(pagePath, urls.asset(s))),
    csp: csp((options.scripts ?? []).length > 0, site.remoteImages),
    searchable: options.searchable ?? false,
    showHeaderSearch: section !== 'search',
  };
}

/** The build date shown on the home page. */
export function buildDate(data: BuildData): string | undefined {
  return data.buildTime ? toIsoDate(data.buildTime) : undefined;
}
