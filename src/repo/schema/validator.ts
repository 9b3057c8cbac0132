import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type Ajv2020Type from 'ajv/dist/2020.js';
import { packageRoot } from '../../core/package-root.js';

// ajv and ajv-formats are CommonJS packages whose default exports do not survive NodeNext's
// ESM interop intact; load them the CommonJS way.
const require = createRequire(import.meta.url);
const Ajv2020 = (require('ajv/dist/2020.js') as { default: typeof Ajv2020Type.default }).default;
const addFormats = (require('ajv-formats') as { default: (ajv: InstanceType<typeof Ajv2020>, formats: string[]) => void }).default;

/** The schemas precept validates files against, by file name stem. */
export type SchemaName = 'policy' | 'control' | 'people' | 'framework' | 'config' | (string & {});

let ajv: InstanceType<typeof Ajv2020> | undefined;
const compiled = new Map<string, ValidateFunction>();

const { fullFormats } = require('ajv-formats/dist/formats.js') as {
  fullFormats: Record<'date-time', { validate: (s: string) => boolean; compare: (a: string, b: string) => number | undefined }>;
};
const LEDGER_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * RFC 3339 date-time as ajv-formats checks it, with a fast path for the one form ledgers write
 * (YYYY-MM-DDTHH:MM:SSZ, on every line of a ledger that grows to hundreds of thousands).
 */
function dateTime(s: string): boolean {
  if (!LEDGER_INSTANT.test(s)) return fullFormats['date-time'].validate(s);
  const n = (from: number, to: number) => Number(s.slice(from, to));
  const [year, month, day, hour, minute, second] = [n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS[month]!)) return false;
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  return hour === 23 && minute === 59 && second === 60; // a leap second, in UTC
}

function instance(): InstanceType<typeof Ajv2020> {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
  addFormats(ajv, ['date', 'email', 'uri', 'date-time']);
  ajv.addFormat('date-time', { type: 'string', validate: dateTime, compare: fullFormats['date-time'].compare });
  const dir = path.join(packageRoot(), 'schemas');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as object, name);
  }
  return ajv;
}

/**
 * Returns the compiled validator for `schemas/<name>.schema.json`, or for a definition inside it
 * (`control#/$defs/control`).
 */
export function validatorFor(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const [file, fragment] = name.split('#');
    const ref = `${file}.schema.json${fragment ? `#${fragment}` : ''}`;
    const found = instance().getSchema(ref);
    if (!found) throw new Error(`no schema ${ref}`);
    compiled.set(name, found);
    return found;
  }
  return fn;
}

/**
 * Validates data against a named schema and returns ajv's errors (empty when valid). With
 * `at`, the data sits at that JSON Pointer in a larger document and errors say so.
 */
export function validateAgainst(name: SchemaName, data: unknown, at = ''): ErrorObject[] {
  const fn = validatorFor(name);
  if (fn(data)) return [];
  return (fn.errors ?? []).map((e) => (at ? { ...e, instancePath: at + e.instancePath } : { ...e }));
}

export type { ErrorObject };
