import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isIsoDate, type IsoDate } from '../core/dates/calendar.js';
import { GitRepo } from '../history/git.js';
import { resolveToday, type Today } from '../history/today.js';
import { loadConfig, type ResolvedConfig } from '../repo/config/config.js';
import { type Diagnostic } from '../core/diagnostics/diagnostic.js';
import { formatGithub } from '../core/diagnostics/format/github.js';
import { formatJson } from '../core/diagnostics/format/json.js';
import { formatPretty } from '../core/diagnostics/format/pretty.js';
import { loadMessages } from '../core/i18n/messages.js';
import type { Phrase } from '../core/i18n/phrase.js';
import { formatSarif } from '../core/diagnostics/format/sarif.js';
import { failure, usageFailure } from '../core/i18n/failure.js';
import { openRepo, type Repo } from '../history/repo.js';
import type { CliIo } from './io.js';
import { VERSION } from '../core/version.js';

/** Parsed flag values of a command. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** What a command's run() gets: the io, its parsed flags and helpers for output. */
export class CommandContext {
  readonly io: CliIo;
  readonly values: Values;
  readonly positionals: string[];
  /** The command's name, for messages ("precept due: ..."). */
  readonly command: string;
  /**
   * Set when the command's output leaves out part of the repo (a file it could not load):
   * the CLI then exits 1 even when the command itself succeeded.
   */
  incomplete = false;
  /** The repo's language once the command has read its config file: what a failure is then said in. */
  locale: string | undefined;

  constructor(io: CliIo, values: Values, positionals: string[], command = 'precept') {
    this.io = io;
    this.values = values;
    this.positionals = positionals;
    this.command = command;
  }

  /**
   * Opens the repo at --root. Files with load errors are never left out silently: their errors
   * are printed, and when the command's output covers the whole repo (`whole`), the run is
   * marked incomplete (exit 1). A command that acts on one policy or person (`part`) only says so.
   */
  async openRepo(scope: 'whole' | 'part'): Promise<Repo> {
    const repo = await openRepo(this.root);
    if (repo.project.config.file !== undefined) this.locale = repo.project.config.locale;
    if (repo.skipped.length) {
      const errors = repo.diagnostics.filter((d) => d.severity === 'error');
      const { locale } = repo.project.config;
      this.printDiagnostics(errors, { format: 'pretty', files: repo.project.sources.size, sources: repo.project.sources, locale });
      this.err(loadMessages(locale).t(scope === 'whole' ? 'cli.repo.left-out' : 'cli.repo.not-used', {
        command: this.command, count: repo.skipped.length, files: repo.skipped.map((s) => s.file).join(', '),
      }));
      if (scope === 'whole') this.incomplete = true;
    }
    return repo;
  }

  /**
   * A file named on the command line (an import, a pack to verify), read whole: refused before
   * reading when larger than maxBytes (exit 1, naming the limit), or when it is a folder.
   */
  async readInput(given: string, maxBytes: number, hint?: Phrase): Promise<Buffer> {
    const file = path.resolve(this.io.cwd, given);
    const cannot = (error: NodeJS.ErrnoException): never => {
      throw failure('cli.cannot-read', { file: given, reason: error.code === 'ENOENT' ? 'missing' : error.code ?? error.message }, { cause: error });
    };
    const info = await stat(file).catch(cannot);
    if (info.isDirectory()) throw failure('cli.is-folder', { file: given });
    if (info.size > maxBytes) throw failure('cli.too-large', { file: given, size: info.size, limit: maxBytes, mib: maxBytes / 2 ** 20, hinted: hint ? 'yes' : 'no', hint }, { exitCode: 1 });
    return readFile(file).catch(cannot);
  }

  /** Whether to use ANSI colours on a stream: a terminal, and neither NO_COLOR nor TERM=dumb. */
  color(stream: 'stdout' | 'stderr' = 'stderr'): boolean {
    const { env } = this.io;
    if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
    if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
    return Boolean(this.io[stream].isTTY) && env['TERM'] !== 'dumb';
  }

  /** Writes a line (or block) to stdout. */
  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Writes a line (or block) to stderr. */
  err(text: string): void {
    this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A string flag's value. */
  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  /** A boolean flag's value. */
  flag(name: string): boolean {
    return this.values[name] === true;
  }

  /** The repo root: --root, else the working directory. */
  get root(): string {
    return path.resolve(this.io.cwd, this.string('root') ?? '.');
  }

  /** The current instant from the injected clock. */
  now(): Date {
    return this.io.now ? this.io.now() : new Date();
  }

  /** --as-of as given: a date, `today` (the clock's day), or undefined. */
  asOfFlag(): IsoDate | 'today' | undefined {
    const v = this.string('as-of');
    if (v === undefined || v === 'today') return v;
    if (!isIsoDate(v)) throw usageFailure('cli.as-of', { value: v });
    return v;
  }

  /**
   * The day a command judges dates on, the same for every command: --as-of, else the HEAD
   * commit's day (or SOURCE_DATE_EPOCH's) in the config's time zone, else the clock's day.
   */
  async today(config?: { timezone: string }, root = this.root): Promise<Today> {
    const asOf = this.asOfFlag();
    const { timezone } = config ?? await this.config(root);
    return resolveToday({ asOf, env: this.io.env, git: asOf === undefined ? await GitRepo.open(root) : undefined, timezone, now: () => this.now() });
  }

  /** Reads the repo's config (at --root unless told), and from then on says failures in its language. */
  async config(root = this.root): Promise<ResolvedConfig> {
    const config = await loadConfig(root);
    // A folder without a config has no language of its own: failures stay in the reader's.
    if (config.file !== undefined) this.locale = config.locale;
    return config;
  }

  /** A choice flag, validated against its allowed values. */
  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.string(name) ?? fallback;
    if (!allowed.includes(v as T)) throw usageFailure('cli.choice', { name, allowed: allowed.join(', '), value: v });
    return v as T;
  }

  /**
   * Prints diagnostics in the chosen format: pretty to stderr; json, sarif and github (workflow
   * commands, which GitHub reads from stdout) to stdout.
   */
  printDiagnostics(diagnostics: Diagnostic[], options: {
    format: string; files: number; sources?: ReadonlyMap<string, string>; quiet?: boolean;
    /** For sarif: the rules the run could report (check passes them; other commands do not load the rules). */
    rules?: readonly { id: string; description: string }[];
    /** The repo's language, for the words around what the diagnostics say. */
    locale?: string;
  }): void {
    const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
    switch (options.format) {
      case 'json':
        this.io.stdout.write(formatJson(shown, options.files));
        return;
      case 'sarif':
        this.io.stdout.write(formatSarif(shown, options.rules ?? [], VERSION));
        return;
      case 'github':
        this.io.stdout.write(formatGithub(shown));
        return;
      default: {
        const text = formatPretty(shown, {
          color: this.color('stderr'), hintLabel: loadMessages(options.locale ?? 'en').t('cli.diagnostic.hint'), ...(options.sources ? { sources: options.sources } : {}),
        });
        if (text) this.io.stderr.write(`${text}\n`);
      }
    }
  }
}

/** The output folder: --out, else dist/ under the root. */
export function outDir(ctx: CommandContext): string {
  const out = ctx.string('out');
  return out ? path.resolve(ctx.io.cwd, out) : path.join(ctx.root, 'dist');
}

/** Seconds with one decimal, for summary lines. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "1 policy" / "3 policies". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
