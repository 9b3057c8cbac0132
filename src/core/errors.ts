import type { Diagnostic } from './diagnostics/diagnostic.js';
import type { Phrase } from './i18n/phrase.js';

/**
 * A run failure: precept itself could not do the job (bad config, bad flag, no browser, git
 * missing). The CLI prints the message and exits 2. Problems in a user's policies are
 * diagnostics instead, never exceptions.
 */
export class PreceptError extends Error {
  override readonly name: string = 'PreceptError';
  /** Diagnostics that explain the failure, e.g. schema errors in precept.config.yaml. */
  readonly diagnostics: Diagnostic[];
  /** Exit code the CLI should use: 2 unless the failure is about the user's content (1). */
  readonly exitCode: 1 | 2;
  /** The language the message and diagnostics are written in, when not English (a config's `locale:`). */
  readonly locale: string | undefined;
  /**
   * The message as a phrase of the catalogue (`failure.*`), when precept wrote it: `message` is
   * its English, and the CLI says it in the reader's language (see `failure()` in core/i18n).
   */
  readonly phrase: Phrase | undefined;

  constructor(message: string, options: { cause?: unknown; diagnostics?: Diagnostic[]; exitCode?: 1 | 2; locale?: string; phrase?: Phrase } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = options.exitCode ?? 2;
    this.locale = options.locale;
    this.phrase = options.phrase;
  }
}

/** A bad command line: unknown flag, missing argument. Exit 2 with usage help. */
export class UsageError extends PreceptError {
  override readonly name: string = 'UsageError';
}
