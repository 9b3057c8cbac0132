import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { packageRoot } from '../../core/package-root.js';
import { sayIn } from '../../core/i18n/messages.js';
import type { PhraseValues } from '../../core/i18n/phrase.js';
import type { YamlSource } from '../load/yaml-source.js';
import { didYouMean } from '../../core/suggest/did-you-mean.js';
import type { ErrorObject } from './validator.js';

type Segment = string | number;
/** A `schema.*` message of the repo's catalogue. */
type Say = (key: string, values?: PhraseValues) => string;

/** Turns a JSON Pointer such as /criteria/soc2/1 into the path segments it names. */
function pointerSegments(pointer: string): Segment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Renders path segments the way a person reads them: review.cycle, criteria.soc2[1]. */
function fieldPath(segments: readonly Segment[], say: Say): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || say('top-level');
}

/** A short rendering of a found value for messages: "a list", "the number 1", "\"draft\"". */
function show(value: unknown, say: Say): string {
  if (value === null) return say('found.null');
  if (Array.isArray(value)) return say('found.list');
  if (typeof value === 'object') return say('found.map');
  if (typeof value === 'number') return say('found.number', { value: String(value) });
  if (typeof value === 'boolean') return `${value}`;
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}..."` : s;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** " - did you mean X?" in the repo's language, or "" when nothing is close. */
function suggestion(value: string, candidates: Iterable<string>, locale: string): string {
  const near = didYouMean(value, candidates);
  return near === undefined ? '' : sayIn(locale, 'check.did-you-mean', { near });
}

/** The schema's own (English) phrase for an expected value, when it has one. */
function schemaPhrase(error: ErrorObject): string | undefined {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  return description && /^[a-z]/.test(description) ? description : undefined;
}

/**
 * The schema's description of an expected value ("a calendar date YYYY-MM-DD"). Only the
 * shared definitions are worded as such phrases (lowercase); field descriptions are sentences.
 * The schemas are written in English: a definition the catalogue words (`schema.describe.<name>`,
 * named after its entry in common.schema.json's `$defs`) is said in the repo's language, any other
 * as the schema says it (`schema.describe-field`: set off from the words around it in Japanese).
 */
function describe(error: ErrorObject, say: Say): string | undefined {
  const description = schemaPhrase(error);
  if (description === undefined) return undefined;
  const def = sharedDefinition(description);
  return say(def !== undefined ? `describe.${def}` : 'describe-field', { schema: description });
}

let sharedDefinitions: Map<string, string> | undefined;

/** The name of common.schema.json's definition with this description; read when first asked (only when a file has errors). */
function sharedDefinition(description: string): string | undefined {
  if (!sharedDefinitions) {
    const common = JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'common.schema.json'), 'utf8')) as { $defs: Record<string, { description?: string }> };
    sharedDefinitions = new Map(Object.entries(common.$defs).flatMap(([name, def]) => (def.description ? [[def.description, name] as const] : [])));
  }
  return sharedDefinitions.get(description);
}

/** Drops the noise ajv reports for `oneOf` unions and `propertyNames`, keeping the useful errors. */
function prune(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors.filter((e) => !(e.propertyName !== undefined && e.keyword !== 'propertyNames'));
  for (const union of kept.filter((e) => e.keyword === 'oneOf')) {
    const under = (e: ErrorObject) => e !== union && (e.instancePath === union.instancePath || e.instancePath.startsWith(union.instancePath + '/'));
    const branchTypeMismatch = (e: ErrorObject) => e.instancePath === union.instancePath && e.keyword === 'type' && /\/oneOf\/\d+\/type$/.test(e.schemaPath);
    const meaningful = kept.filter((e) => under(e) && !branchTypeMismatch(e));
    if (meaningful.length > 0) {
      kept = kept.filter((e) => e !== union && !branchTypeMismatch(e));
    } else {
      kept = kept.filter((e) => !branchTypeMismatch(e));
    }
  }
  return kept;
}

/**
 * Converts ajv errors for data parsed from `source` into diagnostics that point at the exact key
 * or value, say what was expected and what was found (in the repo's language, `locale`), and
 * suggest the nearest valid value.
 */
export function schemaDiagnostics(errors: ErrorObject[], source: YamlSource, ruleId = 'schema', locale = 'en'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const say: Say = (key, values) => sayIn(locale, `schema.${key}`, values);
  for (const error of prune(errors)) {
    const segments = pointerSegments(error.instancePath);
    const field = fieldPath(segments, say);
    const p = error.params as Record<string, unknown>;
    const data = error.data;
    const found = show(data, say);
    const report = (at: Segment[], what: 'value' | 'key', message: string, hint?: string) =>
      out.push(diagnosticAt(source.file, source.locate(at, what), ruleId, 'error', message, hint));
    switch (error.keyword) {
      case 'required': {
        const missing = String(p['missingProperty']);
        report(segments, segments.length ? 'key' : 'value', say('required', { missing, field, where: segments.length ? 'field' : 'top' }));
        break;
      }
      case 'additionalProperties': {
        const key = String(p['additionalProperty']);
        const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
        const path = fieldPath([...segments, key], say);
        // Where a passthrough key exists (a policy's x:), say so rather than suggest it as a typo.
        const passthrough = allowed.includes('x');
        const fields = allowed.filter((k) => k !== 'x');
        report([...segments, key], 'key', say('unknown-field', { path, suggest: suggestion(key, fields, locale) }),
          fields.length ? say('allowed-here', { fields: fields.join(', '), key, passthrough: passthrough ? 'yes' : 'no' }) : undefined);
        break;
      }
      case 'propertyNames': {
        const key = String(p['propertyName']);
        report([...segments, key], 'key', say('property-name', { field, key: show(key, say) }));
        break;
      }
      case 'type': {
        const expected = String(p['type']).split(',').map((t) => (TYPES.has(t) ? say(`type.${t}`) : t)).join(say('type.or'));
        const what = describe(error, say);
        let hint: string | undefined;
        if (typeof data === 'number' && /semver|version/i.test(schemaPhrase(error) ?? '')) {
          hint = say('hint.version-number');
        } else if (typeof data === 'number' || typeof data === 'boolean') {
          hint = say('hint.quote', { text: String(data) });
        }
        report(segments, 'value', say('type.message', { field, expected, what: what ?? '', described: what ? 'yes' : 'no', found }), hint);
        break;
      }
      case 'enum': {
        const allowed = (p['allowedValues'] as unknown[]).map(String);
        report(segments, 'value',
          say('enum', { field, allowed: allowed.join(', '), found, suggest: typeof data === 'string' ? suggestion(data, allowed, locale) : '' }));
        break;
      }
      case 'pattern':
      case 'format': {
        const what = describe(error, say) ?? (error.keyword === 'format' ? say('valid-format', { format: String(p['format']) }) : say('matching', { pattern: String(p['pattern']) }));
        report(segments, 'value', say('must-be', { field, what, found }));
        break;
      }
      case 'uniqueItems': {
        const j = Number(p['j']);
        const i = Number(p['i']);
        const first = Math.min(i, j);
        const dup = Math.max(i, j);
        const item = Array.isArray(data) ? data[dup] : undefined;
        report([...segments, dup], 'value', say('unique', { field, item: show(item, say), first: String(first + 1), dup: String(dup + 1) }));
        break;
      }
      case 'oneOf': {
        const what = describe(error, say) ?? say('one-of-shapes');
        report(segments, 'value', say('one-of', { field, what, found, kind: kindOf(data) }));
        break;
      }
      default:
        // The limits the schemas use are worded in the catalogue (in English as ajv words them); any other keyword in ajv's words.
        report(segments, 'value', say('other', { field, keyword: error.keyword, limit: String(p['limit'] ?? ''), message: error.message ?? say('not-valid') }));
    }
  }
  return out;
}

/** The JSON types the catalogue names (`schema.type.<type>`). */
const TYPES = new Set(['string', 'array', 'object', 'integer', 'number', 'boolean', 'null']);
