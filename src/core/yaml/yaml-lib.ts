import { createRequire } from 'node:module';

type YamlLib = typeof import('yaml');

const require = createRequire(import.meta.url);
let lib: YamlLib | undefined;

/**
 * The yaml package, loaded when first needed: most of what precept reads is plain YAML, which
 * plain-yaml.ts reads without it, so a run that meets no other YAML (check on a large repo) never
 * loads it (seventy modules) or warms up its parser. Its CommonJS build loads synchronously.
 */
export function yamlLib(): YamlLib {
  return (lib ??= require('yaml') as YamlLib);
}
