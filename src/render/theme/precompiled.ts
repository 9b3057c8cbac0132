import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';

/** How a theme compiles its templates (Theme.compileOptions). */
export type CompileOptions = NonNullable<Parameters<typeof Handlebars.precompile>[1]>;

/** A template of the built-in theme, compiled when precept was built. */
export interface PrecompiledTemplate {
  /** templateKey() of the source and options it was compiled from. */
  key: string;
  spec: TemplateSpecification;
}

/** The compiled form of a template, as `Handlebars.template` takes it. */
export type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** The file the build writes beside this module (scripts/precompile-theme.mjs). */
const MODULE = 'compiled-templates.js';

/**
 * What a compiled template was made from: Handlebars' version, the options and the source. A
 * template whose file says anything else (a repo's own, a built-in one edited since precept was
 * built) is compiled from its source instead.
 */
export function templateKey(source: string, options: CompileOptions): string {
  return createHash('sha256').update(`${Handlebars.VERSION}\0${JSON.stringify(options)}\0${source}`).digest('hex');
}

/**
 * The built-in theme's templates as compiled when precept was built, by path under `site/`:
 * compiling them costs a third of a second each time precept starts, loading them almost
 * nothing. None when running from source (the tests), which compiles every template.
 */
export async function precompiledTemplates(): Promise<ReadonlyMap<string, PrecompiledTemplate>> {
  try {
    const module = (await import(new URL(`./${MODULE}`, import.meta.url).href)) as { templates: Record<string, PrecompiledTemplate> };
    return new Map(Object.entries(module.templates));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return new Map();
    throw error;
  }
}

/** A copy of compile options to give Handlebars, which writes into the options it is given. */
export function optionsCopy(options: CompileOptions): CompileOptions {
  return { ...options, ...(options.knownHelpers ? { knownHelpers: { ...options.knownHelpers } } : {}) };
}

/** The module that holds compiled templates: each with its key, from `sources` (path under `site/` -> text). */
export function precompiledModule(sources: ReadonlyMap<string, string>, options: CompileOptions): string {
  const hbs = Handlebars.create();
  const entries = [...sources].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rel, source]) => `  ${JSON.stringify(rel)}: { key: ${JSON.stringify(templateKey(source, options))}, spec: ${hbs.precompile(source, optionsCopy(options))} },`);
  return `// Written by scripts/precompile-theme.mjs from site/*.hbs when precept is built: see src/render/theme/precompiled.ts.\nexport const templates = {\n${entries.join('\n')}\n};\n`;
}

/** Where the built module goes, beside this one. */
export const precompiledModuleFile = new URL(`./${MODULE}`, import.meta.url);
