import { diagnosticAt, type Diagnostic, type Position, type Severity } from '../core/diagnostics/diagnostic.js';
import { sayIn } from '../core/i18n/messages.js';
import type { PhraseValues } from '../core/i18n/phrase.js';

/** A check diagnostic a finding says `precept check` will report on the imported repo. */
export interface ExpectedCheck {
  /** Repo-relative file of the imported repo the diagnostic is about. */
  file: string;
  ruleId: string;
  /** Text the check message contains (a criterion or control id), to tell apart several on one file. */
  contains?: string;
}

/**
 * Something an import could not carry over as written, pointing at the source file: the user's
 * to-do list. `expect` names what `precept check` will go on reporting until it is done.
 */
export interface ImportFinding {
  diagnostic: Diagnostic;
  expect: ExpectedCheck[];
}

/** Collects an importer's findings in order; `Id` is the importer's list of finding ids. */
export class Findings<Id extends string = string> {
  readonly list: ImportFinding[] = [];

  /** `locale`: the language findings are said in (the reader's), for importers that say them from the catalogue. */
  constructor(readonly locale = 'en') {}

  /** A message of the `import` catalogue in this import's language. */
  say(key: string, values?: PhraseValues): string {
    return sayIn(this.locale, `import.${key}`, values);
  }

  add(file: string, at: Position, ruleId: Id, message: string, options: { hint?: string; expect?: ExpectedCheck[]; severity?: Severity } = {}): void {
    this.list.push({ diagnostic: diagnosticAt(file, at, ruleId, options.severity ?? 'warning', message, options.hint), expect: options.expect ?? [] });
  }
}
