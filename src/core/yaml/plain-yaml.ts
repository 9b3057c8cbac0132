/**
 * A fast reader for the plain YAML that large data files (a roster of ten thousand people) and
 * controls are written in: block mappings and sequences indented with spaces, plain and quoted
 * one-line scalars, one-line flow sequences of scalars, literal and folded block scalars whose
 * lines share one indentation (`|`, `|-`, `>`, `>-`), comments. Scalars resolve as in the YAML 1.2
 * core schema (null, booleans, decimal integers; dates stay strings). Anything else (other
 * numbers, anchors, tags, other block scalars, multi-line plain values, duplicate keys, quoted keys
 * with escapes, escapes in double quotes other than `\"` and `\\`, tabs, documents markers)
 * returns undefined, and the caller uses the full parser, which also reports every error with
 * positions.
 */

interface Line {
  indent: number;
  text: string;
  /** The line's index in the text (block scalars read the lines after their header as they are). */
  row: number;
}

/** A block scalar's header: literal or folded, clipped or stripped, maybe a comment. */
const BLOCK_SCALAR = /^([>|])(-?)(?:[ ]+#.*)?$/;

/** Thrown inside to give up; never escapes. */
class NotPlain extends Error {}

const KEY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?:[ ]+(.*))?$/;
/** A quoted key without escapes (`"null": ...`, `'yes': ...`): a string whatever it says. */
const QUOTED_KEY = /^(["'])([^"'\\]*)\1:(?:[ ]+(.*))?$/;
/** What the core schema reads as a number (left to the full parser). */
const NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const SPECIAL_KEY = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

function giveUp(): never {
  throw new NotPlain();
}

/** A decimal integer, as the core schema's int tag reads it. */
const INT = /^[-+]?[0-9]+$/;

/** A plain scalar as the core schema reads it; numbers other than decimal integers are left to the full parser. */
function plain(text: string): unknown {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  // What the yaml package does with them (without intAsBigInt, which precept never sets).
  if (INT.test(text)) return parseInt(text, 10);
  if (NUMBER.test(text) || INDICATOR.test(text) || text.includes(': ') || text.endsWith(':') || text.includes('\t')) giveUp();
  return text;
}

/** Removes a trailing ` # comment` from a plain value. */
function withoutComment(text: string): string {
  const hash = text.search(/\s#/);
  return (hash < 0 ? text : text.slice(0, hash)).trimEnd();
}

/** A single-quoted scalar starting at text[0], and what follows it. */
function singleQuoted(text: string): { value: string; rest: string } {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") {
      value += text[i];
      continue;
    }
    if (text[i + 1] === "'") {
      value += "'";
      i++;
      continue;
    }
    return { value, rest: text.slice(i + 1) };
  }
  return giveUp();
}

/**
 * A double-quoted scalar starting at text[0], and what follows it. Of the escapes only `\"` and
 * `\\` are read here (a message quoting a name: "policy id \"{id}\""); any other is left to the full parser.
 */
function doubleQuoted(text: string): { value: string; rest: string } {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, rest: text.slice(i + 1) };
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '"' && next !== '\\') giveUp();
      value += next;
      i++;
      continue;
    }
    value += c;
  }
  return giveUp();
}

/** Nothing but spaces and maybe a comment may follow a closed quote or bracket. */
function endOfValue(rest: string): void {
  if (rest.trim() !== '' && !/^\s+#/.test(rest)) giveUp();
}

function flowSequence(text: string): unknown[] {
  const items: unknown[] = [];
  let rest = text.slice(1).trimStart();
  if (rest.startsWith(']')) {
    endOfValue(rest.slice(1));
    return items;
  }
  for (;;) {
    let value: unknown;
    if (rest.startsWith("'") || rest.startsWith('"')) {
      const q = rest.startsWith("'") ? singleQuoted(rest) : doubleQuoted(rest);
      value = q.value;
      rest = q.rest.trimStart();
    } else {
      const m = /^[^,[\]{}#]*/.exec(rest)![0];
      if (m.trim() === '') giveUp();
      value = plain(m.trim());
      rest = rest.slice(m.length);
    }
    items.push(value);
    if (rest.startsWith(',')) {
      rest = rest.slice(1).trimStart();
      continue;
    }
    if (!rest.startsWith(']')) giveUp();
    endOfValue(rest.slice(1));
    return items;
  }
}

/** The value written after `key: ` or `- ` on one line. */
function inlineValue(text: string): unknown {
  if (text.startsWith("'") || text.startsWith('"')) {
    const q = text.startsWith("'") ? singleQuoted(text) : doubleQuoted(text);
    endOfValue(q.rest);
    return q.value;
  }
  if (text.startsWith('[')) return flowSequence(text);
  return plain(withoutComment(text));
}

class Reader {
  private i = 0;

  constructor(private readonly lines: Line[], private readonly raw: readonly string[]) {}

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is on line `row`, its content more
   * indented than `parent`. Only the common form: content lines all at one indentation, with no
   * trailing spaces; blank lines inside are truly empty; clipped or stripped (`-`) ending.
   */
  private blockScalar(header: string, parent: number, row: number): string {
    const h = BLOCK_SCALAR.exec(header);
    if (!h) giveUp();
    const folded = h[1] === '>';
    const first = this.raw[row + 1];
    if (first === undefined || first.trim() === '') giveUp();
    const indent = first.length - first.trimStart().length;
    if (indent <= parent) giveUp();
    const content: (string | null)[] = [];
    let r = row + 1;
    for (; r < this.raw.length; r++) {
      const line = this.raw[r]!;
      if (line === '') {
        content.push(null);
        continue;
      }
      const lead = line.length - line.trimStart().length;
      if (lead === line.length) giveUp();
      if (lead < indent) break;
      if (lead > indent || line.endsWith(' ')) giveUp();
      content.push(line.slice(indent));
    }
    // At the end of the text without a line break, a clipped scalar has none to keep: leave it to the full parser.
    if (r === this.raw.length && this.raw[r - 1] !== '') giveUp();
    while (content[content.length - 1] === null) content.pop();
    let text = content[0] as string;
    let empty = 0;
    for (let k = 1; k < content.length; k++) {
      const c = content[k];
      if (c === null) {
        empty++;
        continue;
      }
      // Literal: every line break kept. Folded: a line break between lines becomes a space,
      // and n empty lines between them n line breaks.
      text += folded && empty === 0 ? ' ' : '\n'.repeat(folded ? empty : empty + 1);
      text += c;
      empty = 0;
    }
    // The structural lines inside the scalar are its content.
    while (this.i < this.lines.length && this.lines[this.i]!.row < r) this.i++;
    return h[2] === '-' ? text : `${text}\n`;
  }

  /** Parses the whole document: one block at the first line's indentation. */
  document(): unknown {
    if (!this.lines.length) return null;
    const value = this.block(this.lines[0]!.indent);
    if (this.i < this.lines.length) giveUp();
    return value;
  }

  private block(indent: number): unknown {
    const line = this.lines[this.i];
    if (!line || line.indent !== indent) giveUp();
    return line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.lines[this.i]; line && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = this.lines[this.i]) {
      if (line.text === '-') {
        this.i++;
        const next = this.lines[this.i];
        items.push(next && next.indent > indent ? this.block(next.indent) : null);
        continue;
      }
      const spaces = /^- +/.exec(line.text)![0].length;
      const content = line.text.slice(spaces);
      if (KEY.test(content)) {
        // "- key: value" opens a mapping whose keys line up after the dash.
        this.lines[this.i] = { indent: indent + spaces, text: content, row: line.row };
        items.push(this.mapping(indent + spaces));
      } else if (content.startsWith('>') || content.startsWith('|')) {
        this.i++;
        // "- |": its content indented past the dash and its space.
        items.push(this.blockScalar(content, indent + 1, line.row));
      } else {
        if (content.startsWith('- ')) giveUp();
        items.push(inlineValue(content));
        this.i++;
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.lines[this.i]; line && line.indent === indent; line = this.lines[this.i]) {
      const m = KEY.exec(line.text);
      const q = m ? undefined : QUOTED_KEY.exec(line.text);
      if (!m && !q) giveUp();
      const key = m ? m[1]! : q![2]!;
      if (key === '__proto__' || (m && SPECIAL_KEY.test(key)) || Object.hasOwn(out, key)) giveUp();
      this.i++;
      const value = (m ? m[2] : q![3])?.trim() ?? '';
      if (value !== '' && !value.startsWith('#')) {
        out[key] = value.startsWith('>') || value.startsWith('|') ? this.blockScalar(value, indent, line.row) : inlineValue(value);
        continue;
      }
      const next = this.lines[this.i];
      if (next && next.indent > indent) out[key] = this.block(next.indent);
      else if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) out[key] = this.sequence(indent);
      else out[key] = null;
    }
    return out;
  }
}

/** The data of a plain YAML document, or undefined when it is not plain enough (use the full parser). */
export function parsePlainYaml(text: string): unknown {
  const lines: Line[] = [];
  const raw = text.split('\n');
  for (let row = 0; row < raw.length; row++) {
    const line = raw[row]!.endsWith('\r') ? raw[row]!.slice(0, -1) : raw[row]!;
    raw[row] = line;
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    if (line.includes('\t') || line.includes('\r') || body.startsWith('---') || body.startsWith('...') || body.startsWith('%')) return undefined;
    lines.push({ indent: line.length - body.length, text: body.trimEnd(), row });
  }
  try {
    return new Reader(lines, raw).document();
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}
