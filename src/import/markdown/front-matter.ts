import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import type { Position } from '../../core/diagnostics/diagnostic.js';
import { parseYamlSource } from '../../repo/load/yaml-source.js';
import { sayIn } from '../../core/i18n/messages.js';

/** A document's front matter as site generators write it, read, and where its body starts. */
export interface SourceFrontMatter {
  format: 'yaml' | 'toml' | 'json' | 'none';
  /** Plain data: strings, numbers, booleans, lists and objects; dates as written (YYYY-MM-DD...). */
  data: Record<string, unknown>;
  /** Where a top-level key is written (line 1 when unknown). */
  locate(key: string): Position;
  body: string;
  /** 0-based line of the file where the body starts. */
  bodyLine: number;
}

/** Why front matter could not be read. */
export interface FrontMatterError {
  message: string;
  at: Position;
}

const TOP: Position = { line: 1, column: 1 };

/** TOML dates and nested tables as plain values, as YAML's core schema reads them. */
function plain(value: unknown): unknown {
  if (value instanceof TomlDate) return value.isDate() ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Splits at the first line after `from` that is exactly one of `fences`. */
function closing(lines: readonly string[], fences: RegExp): number {
  for (let i = 1; i < lines.length; i++) if (fences.test(lines[i]!)) return i;
  return -1;
}

/**
 * Reads the front matter of Hugo (YAML `---`, TOML `+++`, JSON `{`), Jekyll, GitBook,
 * Docusaurus and MkDocs documents. Untrusted YAML goes through precept's bounded parser.
 */
export function readFrontMatter(file: string, text: string, locale = 'en'): { ok: true; value: SourceFrontMatter } | { ok: false; error: FrontMatterError } {
  const say = (key: string, values?: Record<string, string>) => sayIn(locale, `import.markdown.${key}`, values);
  const lines = text.split('\n');
  const first = lines[0]?.trimEnd() ?? '';
  const none = (): SourceFrontMatter => ({ format: 'none', data: {}, locate: () => TOP, body: text, bodyLine: 0 });
  if (first === '---') {
    const end = closing(lines, /^(---|\.\.\.)\s*$/);
    if (end < 0) return { ok: true, value: none() };
    const yaml = lines.slice(1, end).join('\n');
    const parsed = parseYamlSource(file, yaml, 1, undefined, { locale });
    if (!parsed.ok) return { ok: false, error: { message: parsed.diagnostics[0]?.message ?? say('malformed-yaml'), at: parsed.diagnostics[0] ?? TOP } };
    const data = parsed.source.data ?? {};
    if (!isRecord(data)) return { ok: false, error: { message: say('not-mapping'), at: { line: 2, column: 1 } } };
    return { ok: true, value: { format: 'yaml', data, locate: (key) => parsed.source.locate([key], 'key'), body: lines.slice(end + 1).join('\n'), bodyLine: end + 1 } };
  }
  if (first === '+++') {
    const end = closing(lines, /^\+\+\+\s*$/);
    if (end < 0) return { ok: false, error: { message: say('toml-unclosed'), at: TOP } };
    const toml = lines.slice(1, end).join('\n');
    let data: unknown;
    try {
      data = plain(parseToml(toml));
    } catch (error) {
      const at = error instanceof TomlError ? { line: error.line + 1, column: error.column } : { line: 2, column: 1 };
      return { ok: false, error: { message: say('malformed-toml', { error: (error as Error).message.split('\n')[0]! }), at } };
    }
    const keyLine = (key: string): Position => {
      const i = lines.slice(1, end).findIndex((l) => new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`).test(l));
      return i >= 0 ? { line: i + 2, column: 1 } : TOP;
    };
    return { ok: true, value: { format: 'toml', data: data as Record<string, unknown>, locate: keyLine, body: lines.slice(end + 1).join('\n'), bodyLine: end + 1 } };
  }
  if (first.startsWith('{') && /^\s*"/.test(lines[1] ?? first.slice(1))) {
    const end = lines.findIndex((l) => /^}\s*$/.test(l));
    if (end < 0) return { ok: false, error: { message: say('json-unclosed'), at: TOP } };
    let data: unknown;
    try {
      data = JSON.parse(lines.slice(0, end + 1).join('\n'));
    } catch (error) {
      return { ok: false, error: { message: say('malformed-json', { error: (error as Error).message }), at: TOP } };
    }
    if (!isRecord(data)) return { ok: false, error: { message: say('not-object'), at: TOP } };
    return { ok: true, value: { format: 'json', data, locate: () => TOP, body: lines.slice(end + 1).join('\n'), bodyLine: end + 1 } };
  }
  return { ok: true, value: none() };
}
