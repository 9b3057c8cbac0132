import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { failure } from '../../core/i18n/failure.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { packageRoot } from '../../core/package-root.js';
import { registerHelpers } from './helpers.js';
import { optionsCopy, precompiledTemplates, templateKey, type CompileOptions, type PrecompiledTemplate } from './precompiled.js';

/**
 * The built-in theme (precept's `site/`) overlaid file by file with a repo's own `site/`:
 * a repo can replace one partial or the CSS without copying the rest. Templates are
 * Handlebars (`*.hbs`); files under `partials/` are registered as partials by their path
 * (`partials/nav.hbs` -> `{{> nav}}`).
 */
export class Theme {
  private readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, Promise<Handlebars.TemplateDelegate>>();
  private key: Promise<string> | undefined;
  /**
   * How templates are compiled. precept's helpers are declared known, so a template calls them
   * directly instead of looking each name up among helpers and data on every use (a helper wins
   * over a field of the same name either way).
   */
  readonly compileOptions: CompileOptions;

  private constructor(
    /** Folders searched, highest priority first. */
    readonly dirs: readonly string[],
    /** The catalogue templates are rendered with unless a render names another. */
    readonly messages: Messages,
    /** Templates compiled when precept was built, used for a file whose source they were compiled from. */
    private readonly precompiled: ReadonlyMap<string, PrecompiledTemplate>,
  ) {
    const helpers = registerHelpers(this.hbs, messages);
    this.compileOptions = { strict: false, noEscape: false, knownHelpers: Object.fromEntries(helpers.map((name) => [name, true])) };
  }

  /**
   * Loads the theme: the repo's `site/` (if any) over the built-in one, writing in `messages`'
   * language. `precompiled` names the compiled templates to use (default: those of precept's
   * build); `false` compiles every template from its source.
   */
  static async load(
    repoSiteDir: string | undefined, messages: Messages = loadMessages('en'),
    options: { precompiled?: false | ReadonlyMap<string, PrecompiledTemplate> } = {},
  ): Promise<Theme> {
    const builtin = path.join(packageRoot(), 'site');
    const dirs = repoSiteDir && existsSync(repoSiteDir) && path.resolve(repoSiteDir) !== builtin ? [repoSiteDir, builtin] : [builtin];
    const precompiled = options.precompiled === false ? new Map<string, PrecompiledTemplate>() : (options.precompiled ?? (await precompiledTemplates()));
    const theme = new Theme(dirs, messages, precompiled);
    for (const rel of await theme.list('partials')) {
      if (!rel.endsWith('.hbs')) continue;
      const name = rel.slice('partials/'.length, -'.hbs'.length);
      // Compiled here, once: Handlebars compiles a partial registered as text again on every
      // page that uses it (its cache lives only as long as one render call).
      theme.hbs.registerPartial(name, theme.compile(rel, await theme.read(rel), false));
    }
    return theme;
  }

  /**
   * A template from its source: the one compiled when precept was built when it was compiled from
   * this very source, else compiled now (Handlebars compiles on the first call; `parse` parses at
   * once, so a broken template is reported here).
   */
  private compile(rel: string, source: string, parse: boolean): Handlebars.TemplateDelegate {
    const built = this.precompiled.get(rel);
    if (built && built.key === templateKey(source, this.compileOptions)) return this.hbs.template(built.spec);
    if (parse) this.hbs.parse(source);
    return this.hbs.compile(source, optionsCopy(this.compileOptions));
  }

  /** The path of a theme file, from the highest-priority folder that has it. */
  resolve(rel: string): string {
    for (const dir of this.dirs) {
      const candidate = path.join(dir, rel);
      if (existsSync(candidate)) return candidate;
    }
    throw failure('render.theme-missing', { file: rel });
  }

  /** Reads a theme file as text. */
  read(rel: string): Promise<string> {
    return readFile(this.resolve(rel), 'utf8');
  }

  /** Reads a theme file as bytes (images, fonts). */
  readBytes(rel: string): Promise<Buffer> {
    return readFile(this.resolve(rel));
  }

  /** Every file under a theme folder across all layers (relative paths, sorted, deduplicated). */
  async list(subdir: string): Promise<string[]> {
    const seen = new Set<string>();
    const walk = async (base: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(path.join(base, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(base, child);
        else if (e.isFile()) seen.add(child);
      }
    };
    for (const dir of this.dirs) await walk(dir, subdir);
    return [...seen].sort();
  }

  /**
   * A hash of every theme file across the layers (templates, partials, assets): outputs made
   * from the theme are out of date when it changes.
   */
  async contentKey(): Promise<string> {
    this.key ??= (async () => {
      const hash = createHash('sha256').update('theme');
      for (const rel of await this.list('')) hash.update(`\0${rel}\0`).update(await this.readBytes(rel));
      return hash.digest('hex');
    })();
    return this.key;
  }

  /**
   * Renders a template (compiled once) with data. Every `{{value}}` is HTML-escaped. Strings and
   * dates come from the theme's catalogue, or from `messages` (a page in another language).
   */
  async render(rel: string, data: unknown, messages: Messages = this.messages): Promise<string> {
    // The promise is remembered, not the template: pages render concurrently, and each would
    // otherwise read and compile its own copy while the first is still being read.
    let compiled = this.templates.get(rel);
    if (!compiled) {
      compiled = this.read(rel).then((source) => this.compile(rel, source, true));
      this.templates.set(rel, compiled);
    }
    let template: Handlebars.TemplateDelegate;
    try {
      template = await compiled;
    } catch (error) {
      throw failure('render.theme-invalid', { file: rel, error: (error as Error).message }, { cause: error });
    }
    return template(data, { data: { messages }, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  }
}
