import type { ElementContent, Root } from 'hast';

const TEXT = /[&<]/g;
const ATTRIBUTE = /["&]/;
const ATTRIBUTE_ALL = /["&]/g;
const escape = (c: string) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
const VOID = new Set(['br', 'hr', 'img', 'wbr']);
/** hast property names whose HTML attribute is spelled differently (the ones a redline uses). */
const ATTRIBUTES: Record<string, string> = { className: 'class', tabIndex: 'tabindex', ariaLabel: 'aria-label' };

function serializeNodes(nodes: readonly ElementContent[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.value.includes('&') || node.value.includes('<') ? node.value.replace(TEXT, escape) : node.value;
    else if (node.type === 'element') {
      out += `<${node.tagName}`;
      const props = node.properties;
      for (const name in props) {
        const value = props[name];
        if (value === undefined || value === null || value === false) continue;
        const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : String(value);
        out += ` ${ATTRIBUTES[name] ?? name}="${ATTRIBUTE.test(text) ? text.replace(ATTRIBUTE_ALL, escape) : text}"`;
      }
      out += '>';
      if (!VOID.has(node.tagName)) out += `${serializeNodes(node.children)}</${node.tagName}>`;
    }
  }
  return out;
}

/**
 * HTML of a redline's tree: elements with plain attributes (class, id, start, value, align, role, tabindex, aria-label) and
 * text, escaped as hast-util-to-html escapes them (`&` and `<` in text, `"` and `&` in
 * attributes), which test/redline.test.ts holds it to. A redline has a few kinds of nodes and
 * is serialized once per version page; this is a quarter of what computing it costs with the
 * general serializer (bench/redline.mjs).
 */
export function serializeRedline(tree: Root): string {
  return serializeNodes(tree.children as ElementContent[]);
}
