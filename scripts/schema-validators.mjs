// Renders src/repo/schema/validators.generated.ts: the JSON Schema validators precept checks files
// with, compiled ahead of time by ajv's standalone code generator (see gen-validators.mjs), so no
// run of precept pays for compiling schemas (a quarter of a second of `check`'s start-up).
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const schemaDir = fileURLToPath(new URL('../schemas/', import.meta.url));

/**
 * The validators compiled ahead of time, by the name validateAgainst is given. Any other name is
 * compiled when first asked for (src/repo/schema/validator.ts).
 */
export const PRECOMPILED = [
  'acknowledgement', 'approval', 'config', 'control', 'control#/$defs/control', 'distribution', 'framework', 'people',
  'people#/properties/groups/items', 'people#/properties/people/items', 'policy', 'reminder',
];

/** The ajv options validator.ts compiles with: the generated code must be what it would compile. */
export const AJV_OPTIONS = { allErrors: true, strict: true, verbose: true, allowUnionTypes: true };

/**
 * An ajv instance as validator.ts sets one up, with `formats` (the same kinds of definition as
 * src/repo/schema/formats.ts holds: the generated code depends on their kinds, not on their
 * functions) and every schema of schemas/ added.
 */
async function instance() {
  const Ajv2020 = require('ajv/dist/2020.js').default;
  const { _ } = require('ajv');
  const { fullFormats } = require('ajv-formats/dist/formats.js');
  const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true, esm: true, formats: _`formats` } });
  ajv.addFormat('date', fullFormats.date);
  ajv.addFormat('email', fullFormats.email);
  ajv.addFormat('uri', fullFormats.uri);
  ajv.addFormat('date-time', { type: 'string', validate: fullFormats['date-time'].validate, compare: fullFormats['date-time'].compare });
  for (const name of (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(await readFile(schemaDir + name, 'utf8')), name);
  }
  return ajv;
}

/** Returns the full text of src/repo/schema/validators.generated.ts for the current schemas. */
export async function renderValidators() {
  const standaloneCode = require('ajv/dist/standalone').default;
  const ajv = await instance();
  const refs = {};
  PRECOMPILED.forEach((name, i) => {
    const [file, fragment] = name.split('#');
    refs[`v${i}`] = `${file}.schema.json${fragment ? `#${fragment}` : ''}`;
  });
  let code = standaloneCode(ajv, refs);
  // The runtime helpers the code asks for, as imports of this ES module.
  const runtime = new Map();
  code = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/g, (_m, path) => {
    if (!runtime.has(path)) runtime.set(path, `runtime${runtime.size}`);
    return runtime.get(path);
  });
  if (/\brequire\(/.test(code)) throw new Error('generated validators require() something unexpected');
  return [
    '// @ts-nocheck',
    '/* eslint-disable */',
    '// Generated from schemas/*.schema.json by `npm run gen:validators` (scripts/schema-validators.mjs). Do not edit by hand.',
    "import { formats } from './formats.js';",
    // ajv's runtime helpers are CommonJS modules: required, as ajv's own code does.
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    ...[...runtime].map(([path, name]) => `const ${name} = require('${path}.js').default;`),
    '',
    code.replace(/^"use strict";\n?/, ''),
    '',
    '/** The compiled validators, by the name validateAgainst is given. */',
    `export const VALIDATORS = {${PRECOMPILED.map((name, i) => `${JSON.stringify(name)}: v${i}`).join(', ')}};`,
    '',
  ].join('\n');
}
