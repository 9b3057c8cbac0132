import { availableLocales } from '../core/i18n/locales.js';
import { usageFailure } from '../core/i18n/failure.js';

/** The POSIX locale variables, strongest first: `LC_ALL` overrides `LC_MESSAGES`, which overrides `LANG`. */
const POSIX = ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/**
 * The language to write for a reader who is not working in a policy repo (an auditor running
 * `verify` on a pack they were sent): `--locale` when given (it must be one precept has), else
 * `PRECEPT_LOCALE`, else the terminal's POSIX locale (`ja_JP.UTF-8` -> `ja`), each used only when
 * precept has a catalogue for it; English otherwise (`C.UTF-8`, `POSIX`, a language without one).
 * Commands that work on a repo write in the repo's `locale:` instead: the team's language.
 */
export function readerLocale(env: Record<string, string | undefined>, given?: string): string {
  const have = availableLocales();
  if (given !== undefined) {
    if (!have.includes(given)) throw usageFailure('cli.locale', { allowed: have.join(', '), value: given });
    return given;
  }
  const explicit = env['PRECEPT_LOCALE'];
  if (explicit && have.includes(explicit)) return explicit;
  for (const name of POSIX) {
    const value = env[name];
    if (!value) continue;
    // The first set variable decides, as in setlocale(3): LC_ALL=C means English even with LANG=ja_JP.
    const language = value.split(/[_.@]/)[0]!.toLowerCase();
    return have.includes(language) ? language : 'en';
  }
  return 'en';
}
