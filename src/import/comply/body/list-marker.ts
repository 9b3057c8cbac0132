/** The numbering style of an ordered list, as pandoc's fancy_lists reads it. */
export type OrderedStyle = 'decimal' | 'lower-alpha' | 'upper-alpha' | 'lower-roman' | 'upper-roman' | 'default';

/** A list item's marker line, read. */
export interface ListMarker {
  /** Columns before the marker. */
  indent: number;
  kind: 'bullet' | 'ordered';
  /** For ordered items: the styles the marker can be read as (`i` is roman or alphabetic). */
  styles: OrderedStyle[];
  /** `.`, `)` or `()` (both parentheses); `-`, `*` or `+` for bullets. */
  delimiter: string;
  /** The number each possible style gives the marker, in the order of `styles`. */
  values: number[];
  /** The item's text after the marker. */
  content: string;
}

const MARKER = /^( *)([-*+]|\(?(?:\d{1,9}|#|[a-zA-Z]|[ivx]{2,6}|[IVX]{2,6})[.)])([ \t]+|$)/;
/** Roman numerals up to 39 (longer "numerals" are words: "mix.", "did."). */
const PLAIN_ROMAN = /^x{0,3}(ix|iv|v?i{0,3})$/i;

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };

function romanValue(text: string): number | undefined {
  const s = text.toLowerCase();
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]!];
    const next = ROMAN[s[i + 1] ?? ''] ?? 0;
    if (v === undefined) return undefined;
    total += v < next ? -v : v;
  }
  return total > 0 ? total : undefined;
}

/**
 * Reads a pandoc list marker at the start of a line: bullets, `1.`, `1)`, `(1)`, `#.`, letters
 * (`a.`, `B)`, `(c)`) and roman numerals (`iv.`). As in pandoc, a capital letter followed by a
 * period needs two spaces after it ("B. Russell" is a sentence, not a list item).
 */
export function readListMarker(line: string): ListMarker | undefined {
  const m = MARKER.exec(line);
  if (!m) return undefined;
  const indent = m[1]!.length;
  const raw = m[2]!;
  const space = m[3]!;
  const content = line.slice(m[0].length);
  if (/^[-*+]$/.test(raw)) return { indent, kind: 'bullet', styles: [], delimiter: raw, values: [], content };
  const open = raw.startsWith('(');
  const close = raw.slice(-1);
  if (open && close !== ')') return undefined;
  const delimiter = open ? '()' : close;
  const body = raw.slice(open ? 1 : 0, -1);
  if (/^[A-Z]$/.test(body) && delimiter === '.' && space.length < 2 && content !== '') return undefined;
  const styles: OrderedStyle[] = [];
  const values: number[] = [];
  const add = (style: OrderedStyle, value: number | undefined) => {
    if (value === undefined) return;
    styles.push(style);
    values.push(value);
  };
  if (/^\d+$/.test(body)) add('decimal', Number(body));
  else if (body === '#') add('default', 1);
  else {
    const lower = body === body.toLowerCase();
    const roman: OrderedStyle = lower ? 'lower-roman' : 'upper-roman';
    const alpha: OrderedStyle = lower ? 'lower-alpha' : 'upper-alpha';
    const letter = body.toLowerCase().charCodeAt(0) - 96;
    // pandoc reads "i." as roman one, other single letters as letters, longer markers as roman.
    if (/^i$/i.test(body)) {
      add(roman, 1);
      add(alpha, letter);
    } else if (body.length === 1) {
      add(alpha, letter);
      if (/^[vxlcdm]$/i.test(body)) add(roman, romanValue(body));
    } else if (PLAIN_ROMAN.test(body)) {
      add(roman, romanValue(body));
    }
  }
  if (!styles.length) return undefined;
  return { indent, kind: 'ordered', styles, delimiter, values, content };
}

/** Whether an item with this marker continues a list of the given kind, style and delimiter. */
export function continuesList(marker: ListMarker, list: { kind: 'bullet' | 'ordered'; style: OrderedStyle | undefined; delimiter: string }): boolean {
  if (marker.kind !== list.kind) return false;
  if (marker.kind === 'bullet') return true;
  if (marker.delimiter !== list.delimiter) return false;
  return list.style === 'default' || marker.styles.includes('default') || marker.styles.includes(list.style!);
}
