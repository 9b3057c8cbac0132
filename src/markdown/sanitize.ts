import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import { readDataImage } from './images.js';

/** Form attributes GitHub's schema allows on every element; with no form allowed they do nothing, and stay out. */
const FORM_ATTRIBUTES = new Set(['accept', 'acceptCharset', 'action', 'encType', 'method']);

/**
 * GitHub's sanitization schema, plus the page-break marker precept uses (`<div
 * class="page-break"></div>`, from comply's `\pagebreak`) and table cell alignment. Nothing
 * that acts on the page survives: no meta (a refresh cannot be stopped by CSP), base, form,
 * formaction, srcdoc, style element or attribute, script or event handler; ids and names get
 * the `user-content-` prefix, so a body can never claim an id the theme uses.
 */
export const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  // Dropped with their content: their text is not meant to be read.
  strip: [...(defaultSchema.strip ?? []), 'style', 'template', 'title'],
  attributes: {
    ...defaultSchema.attributes,
    '*': (defaultSchema.attributes?.['*'] ?? []).filter((a) => typeof a !== 'string' || !FORM_ATTRIBUTES.has(a)),
    div: [...(defaultSchema.attributes?.['div'] ?? []), ['className', 'page-break']],
    td: [...(defaultSchema.attributes?.['td'] ?? []), ['align', 'left', 'center', 'right']],
    th: [...(defaultSchema.attributes?.['th'] ?? []), ['align', 'left', 'center', 'right']],
  },
  // data: images pass the sanitizer only to be checked by their bytes right after (safeImages).
  protocols: { ...defaultSchema.protocols, src: [...(defaultSchema.protocols?.['src'] ?? []), 'data'] },
};

/** Largest data: image kept, in bytes (check warns above it). */
const MAX_DATA_IMAGE = 512 * 1024;

/**
 * An image whose src is a data: URL stays only when its bytes are the PNG, JPEG, GIF or WebP it
 * declares (never SVG); otherwise its alt text stands in its place.
 */
function safeImage(img: Element): ElementContent {
  const src = img.properties['src'];
  if (typeof src !== 'string' || !/^\s*data:/i.test(src) || readDataImage(src, MAX_DATA_IMAGE).ok) return img;
  const alt = typeof img.properties['alt'] === 'string' ? img.properties['alt'] : '';
  return { type: 'element', tagName: 'span', properties: { className: ['image-missing'] }, children: [{ type: 'text', value: alt }] };
}

/** safeImage over a whole sanitized tree, as a rehype plugin. */
export function rehypeSafeImages() {
  const walk = (parent: HastRoot | Element): void => {
    parent.children = parent.children.map((node) => {
      if (node.type !== 'element') return node;
      if (node.tagName === 'img') return safeImage(node);
      walk(node);
      return node;
    }) as typeof parent.children;
  };
  return walk;
}

