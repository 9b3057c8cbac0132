import { Memo } from '../../core/memo.js';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { isIsoDate } from '../../core/dates/calendar.js';
import { availableLocales, loadMessages, type Messages } from '../../core/i18n/messages.js';
import { linkTarget, repoPath } from '../../markdown/links.js';
import type { VersionAssets } from '../data/assets.js';
import { policyContentHash } from '../../repo/content-hash/content-hash.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import type { Project } from '../../repo/project/types.js';
import { reviewState } from '../../repo/review-schedule/schedule.js';

/** A person as the title block shows them. */
export interface PersonRef {
  id: string;
  name: string;
}

/** What a policy PDF shows: the title block's fields and the rendered body. */
export interface PolicyDocument {
  organization: string;
  id: string;
  title: string;
  version: string;
  status: string;
  /** The status in words, in the document's language. */
  statusLabel: string;
  /** The language the policy is written in (`lang`, else the config's locale): the PDF's /Lang. */
  lang: string;
  /** The catalogue the document's own words come from: its language when precept has one, else the config's. */
  locale: string;
  /** "Draft: not in force" and the like, for anything but an approved policy. */
  banner: string | undefined;
  owner: PersonRef;
  approvers: PersonRef[];
  effective: string | undefined;
  lastReview: string | undefined;
  nextReview: string | undefined;
  classification: string;
  summary: string | undefined;
  contentHash: string;
  bodyHtml: string;
  /** Files the policy links to (forms, spreadsheets), listed after the body. */
  attachments: { name: string; mediaType: string; size: number; kb: number }[];
}

const catalogues = new Memo<string, Messages>({ entries: 64 });

/** A locale's messages, loaded once per process. */
export function messagesFor(locale: string): Messages {
  return catalogues.get(locale, () => loadMessages(locale));
}

/**
 * The language a policy document's own words (labels, banner) are in: the policy's `lang` when
 * precept has a catalogue for it, so a standalone PDF reads in one language; else the config's.
 */
export function documentLocale(lang: string, configured: string): string {
  if (availableLocales().includes(lang)) return lang;
  const base = lang.split('-')[0]!;
  return availableLocales().includes(base) ? base : configured;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** "internal" -> "Internal". */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A person id with the roster's name for it (the id itself when the roster does not know it). */
export function personRef(project: Project, id: string): PersonRef {
  return { id, name: project.roster.people.get(id)?.person.name ?? id };
}

/** Marks links that cannot work inside a standalone PDF (other files of the repo), so they print as plain text. */
const UNLINKED = 'precept-unlinked:';

function rewriteForPdf(href: string): string | undefined {
  if (href.startsWith('#') || /^(https?|mailto):/i.test(href)) return undefined;
  return UNLINKED;
}

/** The tree with links that cannot work in a PDF made plain text, and images that cannot be shown replaced by their alt text. */
function unlink(tree: Root): Root {
  const walk = (parent: Root | Element): void => {
    parent.children = parent.children.map((node) => {
      if (node.type !== 'element') return node;
      if (node.tagName === 'a' && node.properties['href'] === UNLINKED) delete node.properties['href'];
      if (node.tagName === 'img' && node.properties['src'] === UNLINKED) {
        const alt = typeof node.properties['alt'] === 'string' ? node.properties['alt'] : '';
        return { type: 'element', tagName: 'span', properties: { className: ['image-missing'] }, children: [{ type: 'text', value: alt }] } satisfies Element;
      }
      walk(node);
      return node;
    }) as typeof parent.children;
  };
  walk(tree);
  return tree;
}

/**
 * GFM's footnote back-links read ↩ (U+21A9), which none of the fonts precept embeds has: in a
 * PDF they read ↑, which they do, instead of refusing every policy with a footnote.
 */
function printableBackrefs<T extends Root | Element>(node: T): T {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.properties?.['dataFootnoteBackref'] !== undefined) {
      for (const text of child.children) if (text.type === 'text') text.value = text.value.replace(/\u21a9\ufe0e?/g, '\u2191');
    }
    printableBackrefs(child);
  }
  return node;
}

/**
 * The document for one version of a policy, from its frontmatter (read leniently: historical
 * versions may predate today's schema) and body. Metadata stays plain text here; templates escape it.
 */
export function policyDocument(
  project: Project,
  version: { id: string; meta: Readonly<Record<string, unknown>>; body: string; /** The file's folder, links resolve from it. */ dir?: string },
  markdown: MarkdownRenderer,
  /** The version's images and attachments (images are embedded as data: URLs: the printer fetches nothing). */
  assets: VersionAssets = new Map(),
): PolicyDocument {
  const { id, meta, body } = version;
  const dir = version.dir ?? '.';
  const assetOf = (url: string) => {
    const target = linkTarget(url);
    const file = target.kind === 'file' ? repoPath(dir, target) : undefined;
    return file === undefined ? undefined : assets.get(file);
  };
  const image = (src: string): string | undefined => {
    const asset = assetOf(src);
    if (asset?.kind === 'image') return `data:${asset.mediaType};base64,${Buffer.from(asset.bytes).toString('base64')}`;
    // Anything else (a missing file, another site) is not fetched: the alt text is what prints.
    return /^data:/i.test(src) ? undefined : UNLINKED;
  };
  const status = str(meta['status']) ?? 'draft';
  const lang = str(meta['lang']) ?? project.config.locale;
  const locale = documentLocale(lang, project.config.locale);
  const messages = messagesFor(locale);
  const classification = str(meta['classification']) ?? 'internal';
  const review = (meta['review'] && typeof meta['review'] === 'object' ? meta['review'] : {}) as Record<string, unknown>;
  const effective = isIsoDate(meta['effective']) ? meta['effective'] : undefined;
  const last = isIsoDate(review['last']) ? review['last'] : undefined;
  const cycle = str(review['cycle']);
  const next = cycle ? reviewState({ review: { cycle, ...(last ? { last } : {}) }, ...(effective ? { effective } : {}) }, effective ?? last ?? '1970-01-01').next : undefined;
  const title = str(meta['title']) ?? id;
  const { tree } = markdown.render(body, { rewriteLink: rewriteForPdf, rewriteImage: image, title });
  const html = toHtml(printableBackrefs(unlink(tree)));
  return {
    organization: project.config.organization.name,
    id,
    title,
    version: str(meta['version']) ?? '0.0.0',
    status,
    statusLabel: messages.has(`common.status.${status}`) ? messages.t(`common.status.${status}`) : status,
    lang,
    locale,
    banner: messages.has(`pdf.banner.${status}`) ? messages.t(`pdf.banner.${status}`) : undefined,
    owner: personRef(project, str(meta['owner']) ?? 'unknown'),
    approvers: list(meta['approvers']).map((p) => personRef(project, p)),
    effective,
    lastReview: last,
    nextReview: next,
    classification: messages.has(`common.classification.${classification}`) ? messages.t(`common.classification.${classification}`) : capitalize(classification),
    summary: str(meta['summary']),
    contentHash: policyContentHash(meta, id, body, project.config.defaultFramework),
    bodyHtml: html,
    attachments: [...assets.values()].filter((a) => a.kind === 'attachment').map((a) => ({ name: path.posix.basename(a.file), mediaType: a.mediaType, size: a.size, kb: Math.max(1, Math.round(a.size / 1024)) })),
  };
}
