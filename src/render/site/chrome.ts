import { toolKey } from '../../core/tool-key.js';
import type { Messages } from '../../core/i18n/messages.js';
import type { BuildData } from '../data/build-data.js';
import { hashKey } from '../build/cache.js';
import { toIsoDate } from '../../core/dates/calendar.js';
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
}

/** The sections of the main navigation. */
export type Section = 'policies' | 'controls' | 'frameworks' | 'search';

const NAV: { section: Section; label: string; path: string }[] = [
  { section: 'policies', label: 'Policies', path: urls.home },
  { section: 'controls', label: 'Controls', path: urls.controls },
  { section: 'frameworks', label: 'Frameworks', path: urls.frameworks },
  { section: 'search', label: 'Search', path: urls.search },
];

/** Content-Security-Policy for every page: only the site's own files; search may run Pagefind's WebAssembly. */
function csp(wasm: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self'${wasm ? " 'wasm-unsafe-eval'" : ''}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Facts shared by every page of this build. */
export function siteInfo(data: BuildData, configured: { title: string | undefined }, themeKey: string, messages: Messages): SiteInfo {
  const links = [...data.policyFiles].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, id]) => `${f}=${id}`).join('\n');
  return {
    name: configured.title ?? messages.t('portal.default-title', { org: data.organization.name }),
    orgName: data.organization.name,
    key: hashKey('site-page', toolKey(), themeKey, links, messages.key),
    messages,
  };
}

/** What the layout needs for one page: its title, root prefix, navigation and security policy. */
export function pageChrome(site: SiteInfo, pagePath: string, title: string, section: Section | undefined, options: { scripts?: string[]; searchable?: boolean } = {}) {
  return {
    root: rootFrom(pagePath),
    title,
    site: { name: site.name, orgName: site.orgName },
    nav: NAV.map((n) => ({ label: n.label, href: relative(pagePath, n.path), current: n.section === section })),
    searchAction: relative(pagePath, urls.search),
    calendar: relative(pagePath, urls.calendar),
    css: relative(pagePath, urls.asset('precept.css')),
    scripts: (options.scripts ?? []).map((s) => relative(pagePath, urls.asset(s))),
    csp: csp((options.scripts ?? []).length > 0),
    searchable: options.searchable ?? false,
    showHeaderSearch: section !== 'search',
  };
}

/** The build date shown on the home page. */
export function buildDate(data: BuildData): string | undefined {
  return data.buildTime ? toIsoDate(data.buildTime) : undefined;
}
