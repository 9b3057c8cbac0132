import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { YamlSource } from '../load/yaml-source.js';
import { suggestion } from '../../core/suggest/did-you-mean.js';
import type { ErrorObject } from './validator.js';

type Segment = string | number;

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
export function fieldPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || '(top level)';
}

/** A short rendering of a found value for messages. */
export function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return `the number ${value}`;
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

const TYPE_WORDS: Record<string, string> = {
  string: 'text', array: 'a list', object: 'a map of keys to values', integer: 'a whole number',
  number: 'a number', boolean: 'true or false', null: 'empty',
};

/**
 * The schema's description of an expected value ("a calendar date YYYY-MM-DD"). Only the
 * shared definitions are worded as such phrases (lowercase); field descriptions are sentences.
 */
function describe(error: ErrorObject): string | undefined {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  return description && /^[a-z]/.test(description) ? description : undefined;
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
 * or value, say what was expected and what was found, and suggest the nearest valid value.
 */
export function schemaDiagnostics(errors: ErrorObject[], source: YamlSource, ruleId = 'schema'): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const error of prune(errors)) {
    const segments = pointerSegments(error.instancePath);
    const field = fieldPath(segments);
    const p = error.params as Record<string, unknown>;
    const data = error.data;
    const report = (at: Segment[], what: 'value' | 'key', message: string, hint?: string) =>
      out.push(diagnosticAt(source.file, source.locate(at, what), ruleId, 'error', message, hint));
    switch (error.keyword) {
      case 'required': {
        const missing = String(p['missingProperty']);
        const where = segments.length ? ` in ${field}` : '';
        report(segments, segments.length ? 'key' : 'value', `missing required field "${missing}"${where}`);
        break;
      }
      case 'additionalProperties': {
        const key = String(p['additionalProperty']);
        const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
        const path = fieldPath([...segments, key]);
        // Where a passthrough key exists (a policy's x:), say so rather than suggest it as a typo.
        const passthrough = allowed.includes('x');
        const fields = allowed.filter((k) => k !== 'x');
        report([...segments, key], 'key', `unknown field "${path}"${suggestion(key, fields)}`,
          fields.length ? `allowed here: ${fields.join(', ')}${passthrough ? `; keep keys of your own under x: (x: {${key}: ...})` : ''}` : undefined);
        break;
      }
      case 'propertyNames': {
        const key = String(p['propertyName']);
        report([...segments, key], 'key', `${field}: key ${show(key)} is not allowed: keys must be lowercase kebab-case`);
        break;
      }
      case 'type': {
        const expected = String(p['type']).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
        const what = describe(error);
        let hint: string | undefined;
        if (typeof data === 'number' && /semver|version/i.test(what ?? '')) {
          hint = 'YAML reads 1.0 as a number: write the full version, e.g. 1.0.0';
        } else if (typeof data === 'number' || typeof data === 'boolean') {
          hint = `quote it if you meant the text: "${String(data)}"`;
        }
        report(segments, 'value', `${field}: must be ${what ? `${expected} (${what})` : expected}, found ${show(data)}`, hint);
        break;
      }
      case 'enum': {
        const allowed = (p['allowedValues'] as unknown[]).map(String);
        report(segments, 'value',
          `${field}: must be one of ${allowed.join(', ')}; found ${show(data)}${typeof data === 'string' ? suggestion(data, allowed) : ''}`);
        break;
      }
      case 'pattern':
      case 'format': {
        const what = describe(error) ?? (error.keyword === 'format' ? `a valid ${String(p['format'])}` : `text matching ${String(p['pattern'])}`);
        report(segments, 'value', `${field}: must be ${what}; found ${show(data)}`);
        break;
      }
      case 'uniqueItems': {
        const j = Number(p['j']);
        const i = Number(p['i']);
        const first = Math.min(i, j);
        const dup = Math.max(i, j);
        const item = Array.isArray(data) ? data[dup] : undefined;
        report([...segments, dup], 'value', `${field}: ${show(item)} is listed twice (items ${first + 1} and ${dup + 1})`);
        break;
      }
      case 'oneOf': {
        const what = describe(error) ?? 'one of the allowed shapes';
        report(segments, 'value', `${field}: must be ${what}; found ${show(data)} (${kindOf(data)})`);
        break;
      }
      default:
        report(segments, 'value', `${field}: ${error.message ?? 'is not valid'}`);
    }
  }
  return out;
}
