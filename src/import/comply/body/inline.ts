/** Tag names left as HTML; anything else in angle brackets is text ("<insert email here>"). */
const HTML_TAGS = new Set(('a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del '
  + 'details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img input ins kbd li main mark nav ol '
  + 'p picture pre q rp rt ruby s samp section small source span strike strong sub summary sup table tbody td tfoot th thead '
  + 'time tr tt u ul var wbr iframe script style object embed form button select option textarea video audio svg math')
  .split(' '));

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)(\/?)>/g;

/**
 * Escapes angle-bracket placeholders that pandoc and GFM would both swallow as unknown HTML
 * tags (comply's incident policy says "send an email to <insert email address here>"), so the
 * words stay visible. Real tags, autolinks and code spans are left alone.
 */
export function escapePlaceholderTags(text: string): string {
  if (!text.includes('<')) return text;
  return splitCodeSpans(text)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(TAG, (whole, _close: string, name: string) =>
      (HTML_TAGS.has(name.toLowerCase()) ? whole : `\\${whole}`))))
    .join('');
}

/** Splits text into alternating [outside, code span, outside, ...] parts. */
function splitCodeSpans(text: string): string[] {
  const parts: string[] = [];
  let last = 0;
  const re = /(`+)[\s\S]*?[^`]\1(?!`)|(`+)\2(?!`)/g;
  for (const m of text.matchAll(re)) {
    parts.push(text.slice(last, m.index), m[0]);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/**
 * Escapes the start of a paragraph continuation line that GFM would read as a new block but
 * pandoc reads as text: pandoc needs a blank line before a heading, list or block quote.
 */
export function escapeContinuation(line: string): string {
  const m = /^( *)(#{1,6}(?=\s|$)|>|[-*+](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))/.exec(line);
  if (!m) return line;
  const [, indent = '', lead = ''] = m;
  if (/^\d/.test(lead)) return `${indent}${lead}\\${line.slice(indent.length + lead.length)}`;
  return `${indent}\\${line.slice(indent.length)}`;
}

/** Removes pandoc attributes (`{#id .class}`) from the end of a heading; returns them too. */
export function stripHeadingAttributes(line: string): { line: string; attributes: string | undefined } {
  const m = /\s+(\{[#.][^{}]*\})\s*$/.exec(line);
  if (!m) return { line, attributes: undefined };
  return { line: line.slice(0, m.index), attributes: m[1] };
}
