import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { PreceptError, UsageError } from '../errors.js';
import { sayIn } from './messages.js';
import { phrase, type PhraseValues } from './phrase.js';

/** What a failure carries besides its message (see PreceptError). */
export interface FailureOptions {
  cause?: unknown;
  diagnostics?: Diagnostic[];
  exitCode?: 1 | 2;
}

/**
 * A run failure in precept's own words: `failure.<key>` of the catalogue. Its `message` is the
 * English (for the library's callers and logs); the CLI says it in the reader's language: the
 * repo's `locale:` once a config has been read, else the terminal's.
 */
export function failure(key: string, values?: PhraseValues, options: FailureOptions = {}): PreceptError {
  const said = phrase(`failure.${key}`, values);
  return new PreceptError(sayIn('en', said.key, values), { ...options, phrase: said });
}

/** A bad command line in precept's own words (exit 2 with a pointer to --help): see failure(). */
export function usageFailure(key: string, values?: PhraseValues): UsageError {
  const said = phrase(`failure.${key}`, values);
  return new UsageError(sayIn('en', said.key, values), { phrase: said });
}
