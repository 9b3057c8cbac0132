import type { Document, Node, Pair } from 'yaml';
import { diagnosticAt, type Diagnostic, type Position } from '../../core/diagnostics/diagnostic.js';
import { sayIn } from '../../core/i18n/messages.js';
import { LIMITS } from './limits.js';
import { parsePlainYaml } from '../../core/yaml/plain-yaml.js';
import { yamlLib } from '../../core/yaml/yaml-lib.js';

/**
 * A YAML document parsed with positions, so any JSON Pointer into its data can be turned back
 * into the line and column a person should edit.
 */
export interface YamlSource {
  file: string;
  /** The parsed data (plain JSON-like values; dates stay strings). */
  data: unknown;
  /** Position of a value (or, with `key`, of the key naming it) at a JSON Pointer path. */
  locate(path: readonly (string | number)[], what?: 'value' | 'key'): Position;
}

/** Options that keep untrusted YAML bounded and literal. */
const PARSE_OPTIONS = {
  schema: 'core',
  version: '1.2',
  uniqueKeys: true,
  merge: false,
  prettyErrors: false,
  logLevel: 'silent',
  strict: true,
} as const;

/**
 * Parses YAML text that starts at `lineOffset` lines into `file` (0 for a whole file).
 * Returns the source, or diagnostics for syntax errors, alias bombs and oversize input, said in
 * the repo's language (`options.locale`).
 */
export function parseYamlSource(
  file: string,
  text: string,
  lineOffset = 0,
  maxBytes: number = LIMITS.maxYamlBytes,
  options: { fast?: boolean; locale?: string } = {},
): { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] } {
  if (options.fast && text.length <= maxBytes) {
    // Large plain files (rosters) are read without building a document; positions, needed only
    // for diagnostics, come from a full parse on the first `locate`.
    const data = parsePlainYaml(text);
    if (data !== undefined) {
      let full: YamlSource | undefined;
      const locate: YamlSource['locate'] = (p, what) => {
        if (!full) {
          const parsed = parseYamlSource(file, text, lineOffset, maxBytes, options.locale !== undefined ? { locale: options.locale } : {});
          if (!parsed.ok) return { line: lineOffset + 1, column: 1 };
          full = parsed.source;
        }
        return full.locate(p, what);
      };
      return { ok: true, source: { file, data, locate } };
    }
  }
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  if (text.length > maxBytes) {
    return {
      ok: false,
      diagnostics: [diagnosticAt(file, { line: lineOffset + 1, column: 1 }, 'yaml-syntax', 'error',
        sayIn(options.locale ?? 'en', 'load.yaml.too-large', { size: text.length, limit: maxBytes }))],
    };
  }
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) =>
        diagnosticAt(file, at(e.pos[0]), 'yaml-syntax', 'error', sayIn(options.locale ?? 'en', 'load.yaml.syntax', { code: e.code, detail: cleanYamlMessage(e.message) })),
      ),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      diagnostics: [diagnosticAt(file, at(0), 'yaml-syntax', 'error',
        /alias/i.test(message)
          ? sayIn(options.locale ?? 'en', 'load.yaml.alias-bomb', { limit: LIMITS.maxAliasCount })
          : sayIn(options.locale ?? 'en', 'load.yaml.syntax', { code: 'OTHER', detail: message }))],
    };
  }
  return { ok: true, source: { file, data, locate: (p, what = 'value') => locateIn(doc, p, what, at) } };
}

function cleanYamlMessage(message: string): string {
  // The yaml package appends " at line N, column M" and a code frame; we print our own.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function locateIn(
  doc: Document,
  path: readonly (string | number)[],
  what: 'value' | 'key',
  at: (offset: number) => Position,
): Position {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let last: { range?: [number, number, number] | null } | undefined = node as Node | undefined;
  for (const segment of path) {
    pair = undefined;
    if (isMap(node)) {
      pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      node = pair.value;
      last = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof segment === 'number' || (isSeq(node) && /^\d+$/.test(String(segment)))) {
      const item = (node as { items: unknown[] }).items[Number(segment)];
      if (item === undefined) break;
      node = item;
      last = item as Node;
    } else {
      break;
    }
  }
  const target = what === 'key' && pair && isPair(pair) ? (pair.key as Node) : last;
  const range = target?.range;
  if (!range) return at(0);
  const start = at(range[0]);
  const end = at(range[1]);
  return { ...start, endLine: end.line, endColumn: end.column };
}
