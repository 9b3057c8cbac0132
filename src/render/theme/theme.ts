import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PreceptError } from '../../core/errors.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { packageRoot } from '../../core/package-root.js';
import { registerHelpers } from './helpers.js';

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

  private constructor(
    /** Folders searched, highest priority first. */
    readonly dirs: readonly string[],
    /** The catalogue templates are rendered with unless a render names another. */
    readonly messages: Messages,
  ) {
    registerHelpers(this.hbs, messages);
  }

  /** Loads the theme: the repo's `site/` (if any) over the built-in one, writing in `messages`' language. */
  static async load(repoSiteDir: string | undefined, messages: Messages = loadMessages('en')): Promise<Theme> {
    const builtin = path.join(packageRoot(), 'site');
    const dirs = repoSiteDir && existsSync(repoSiteDir) && path.resolve(repoSiteDir) !== builtin ? [repoSiteDir, builtin] : [builtin];
    const theme = new Theme(dirs, messages);
    for (const rel of await theme.list('partials')) {
      if (!rel.endsWith('.hbs')) continue;
      const name = rel.slice('partials/'.length, -'.hbs'.length);
      // Compiled here, once: Handlebars compiles a partial registered as text again on every
      // page that uses it (its cache lives only as long as one render call).
      theme.hbs.registerPartial(name, theme.hbs.compile(await theme.read(rel), { strict: false, noEscape: false }));
    }
    return theme;
  }

  /** The path of a theme file, from the highest-priority folder that has it. */
  resolve(rel: string): string {
    for (const dir of this.dirs) {
      const candidate = path.join(dir, rel);
      if (existsSync(candidate)) return candidate;
    }
    throw new PreceptError(`theme file not found: site/${rel}`);
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
      compiled = this.read(rel).then((source) => {
        // Handlebars compiles lazily, on the first call: parse now, so a broken template is reported here.
        this.hbs.parse(source);
        return this.hbs.compile(source, { strict: false, noEscape: false });
      });
      this.templates.set(rel, compiled);
    }
    let template: Handlebars.TemplateDelegate;
    try {
      template = await compiled;
    } catch (error) {
      throw new PreceptError(`theme template site/${rel} is invalid: ${(error as Error).message}`, { cause: error });
    }
    return template(data, { data: { messages }, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  }
}
