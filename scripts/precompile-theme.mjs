// Compiles the built-in theme's templates (site/**/*.hbs) into lib/render/theme/compiled-templates.js,
// so a build loads them instead of compiling them each time it starts. Each carries a key of its
// source and compile options; a template whose file differs is compiled from its source as before.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const lib = new URL('../lib/', import.meta.url);
const { Theme } = await import(new URL('render/theme/theme.js', lib).href);
const { precompiledModule, precompiledModuleFile } = await import(new URL('render/theme/precompiled.js', lib).href);
const theme = await Theme.load(undefined, undefined, { precompiled: false });
const builtin = theme.dirs[0];
const sources = new Map();
for (const rel of await theme.list('')) {
  if (rel.endsWith('.hbs')) sources.set(rel, await readFile(path.join(builtin, rel), 'utf8'));
}
await writeFile(fileURLToPath(precompiledModuleFile), precompiledModule(sources, theme.compileOptions));
