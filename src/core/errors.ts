import type { Diagnostic } from './diagnostics/diagnostic.js';

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

  constructor(message: string, options: { cause?: unknown; diagnostics?: Diagnostic[]; exitCode?: 1 | 2; locale?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = options.exitCode ?? 2;
    this.locale = options.locale;
  }
}

/** A bad command line: unknown flag, missing argument. Exit 2 with usage help. */
export class UsageError extends PreceptError {
  override readonly name: string = 'UsageError';
}
