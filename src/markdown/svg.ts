import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';

/** Elements that draw: shapes, text, gradients, patterns, markers, clip paths and masks. No script, foreignObject, animation or links out. */
const SVG_ELEMENTS = [
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath', 'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'image',
  'filter', 'feGaussianBlur', 'feOffset', 'feBlend', 'feColorMatrix', 'feFlood', 'feComposite', 'feMerge', 'feMergeNode', 'feDropShadow',
];

/** Geometry and presentation attributes (as hast names them), never event handlers or style. */
const SVG_ATTRIBUTES = [
  'id', 'className', 'viewBox', 'width', 'height', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points',
  'transform', 'fill', 'fillOpacity', 'fillRule', 'stroke', 'strokeWidth', 'strokeOpacity', 'strokeLinecap', 'strokeLinejoin',
  'strokeDasharray', 'strokeDashoffset', 'strokeMiterlimit', 'opacity', 'offset', 'stopColor', 'stopOpacity', 'gradientUnits',
  'gradientTransform', 'fx', 'fy', 'patternUnits', 'patternTransform', 'preserveAspectRatio', 'clipPath', 'clipRule', 'mask',
  'markerWidth', 'markerHeight', 'markerEnd', 'markerStart', 'markerMid', 'refX', 'refY', 'orient', 'fontFamily', 'fontSize',
  'fontWeight', 'fontStyle', 'textAnchor', 'dominantBaseline', 'letterSpacing', 'dx', 'dy', 'visibility', 'display', 'filter',
  'stdDeviation', 'in', 'in2', 'result', 'mode', 'values', 'type', 'operator', 'floodColor', 'floodOpacity', 'xmlns', 'xmlnsXLink',
  'version', 'href', 'xLinkHref', 'role', 'ariaLabel', 'ariaHidden',
];

const SCHEMA: Schema = {
  tagNames: SVG_ELEMENTS,
  attributes: { '*': SVG_ATTRIBUTES },
  // Only references inside the drawing (#gradient) or to inline raster data.
  protocols: { href: ['data'], xLinkHref: ['data'] },
  clobber: [],
  strip: ['script', 'style', 'foreignObject'],
};

/** Whether an href stays: a fragment in the same drawing, or a raster data: image. */
const SAFE_REF = /^#[\w.-]+$|^data:image\/(png|jpeg|gif|webp);base64,/i;

/**
 * An SVG file made safe to publish, sanitized on its tree: only drawing elements and attributes
 * stay, references only within the drawing. A reader who opens the file itself (not through an
 * <img>) gets no script, no links out and no requests. Undefined when there is no <svg> in it.
 */
export function sanitizeSvg(text: string): string | undefined {
  const tree = fromHtml(text, { fragment: true, space: 'svg' }) as Root;
  const svg = tree.children.find((c): c is Element => c.type === 'element' && c.tagName === 'svg');
  if (!svg) return undefined;
  const clean = sanitize({ type: 'root', children: [svg] }, SCHEMA) as Root;
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      for (const key of ['href', 'xLinkHref']) {
        const value = child.properties[key];
        if (value !== undefined && !(typeof value === 'string' && SAFE_REF.test(value))) delete child.properties[key];
      }
      walk(child);
    }
  };
  walk(clean);
  const root = clean.children[0];
  if (!root || root.type !== 'element' || root.tagName !== 'svg') return undefined;
  root.properties['xmlns'] = 'http://www.w3.org/2000/svg';
  return `${toHtml(clean, { space: 'svg', closeEmptyElements: true })}\n`;
}
