import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type Ajv2020Type from 'ajv/dist/2020.js';
import { packageRoot } from '../../core/package-root.js';
import { formats } from './formats.js';
import { VALIDATORS } from './validators.generated.js';

// ajv is a CommonJS package whose default export does not survive NodeNext's ESM interop intact;
// load it the CommonJS way, and only when a schema must be compiled here.
const require = createRequire(import.meta.url);

/** The schemas precept validates files against, by file name stem. */
export type SchemaName = 'policy' | 'control' | 'people' | 'framework' | 'config' | (string & {});

/** The options every validator is compiled with (the ahead-of-time ones too: scripts/schema-validators.mjs). */
const AJV_OPTIONS = { allErrors: true, strict: true, verbose: true, allowUnionTypes: true } as const;

/** A compiled validator: true when the data is valid, else false with its `errors`. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let ajv: InstanceType<typeof Ajv2020Type.default> | undefined;
const compiled = new Map<string, Validator>();

/** An ajv instance holding every schema, for a validator not compiled ahead of time. */
function instance(): InstanceType<typeof Ajv2020Type.default> {
  if (ajv) return ajv;
  const Ajv2020 = (require('ajv/dist/2020.js') as { default: typeof Ajv2020Type.default }).default;
  ajv = new Ajv2020(AJV_OPTIONS);
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  const dir = path.join(packageRoot(), 'schemas');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as object, name);
  }
  return ajv;
}

/**
 * Returns the validator for `schemas/<name>.schema.json`, or for a definition inside it
 * (`control#/$defs/control`): compiled ahead of time (validators.generated.ts, by `npm run
 * gen:validators`) where it is one of those, else compiled now.
 */
export function validatorFor(name: SchemaName): Validator {
  let fn = compiled.get(name);
  if (!fn) {
    fn = (VALIDATORS as Record<string, Validator>)[name] ?? compileValidator(name);
    compiled.set(name, fn);
  }
  return fn;
}

/** Compiles the validator for a schema or a definition inside one. */
export function compileValidator(name: SchemaName): Validator {
  const [file, fragment] = name.split('#');
  const ref = `${file}.schema.json${fragment ? `#${fragment}` : ''}`;
  const found = instance().getSchema(ref);
  if (!found) throw new Error(`no schema ${ref}`);
  return found;
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
