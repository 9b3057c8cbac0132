import type { IsoDate } from '../../core/dates/calendar.js';
import type { Position, Report, Severity } from '../../core/diagnostics/diagnostic.js';
import type { Messages } from '../../core/i18n/messages.js';
import { phrase, type Phrase } from '../../core/i18n/phrase.js';
import { didYouMean } from '../../core/suggest/did-you-mean.js';
import type { Project, Roster, ValidPolicy } from '../../repo/project/types.js';

/** What every rule sees. */
export interface RuleContext {
  project: Project;
  /** Policies whose frontmatter passed the schema. */
  policies: ValidPolicy[];
  /** The date "today" means: the clock's, or `--as-of`. */
  asOf: IsoDate;
  /** `--strict`: findings that are warnings by default become errors. */
  strict: boolean;
  /** Policies whose approvals are pending in the pull request being checked (`check --base`). */
  pendingApprovals?: ReadonlySet<string>;
  /** The roster whose SSH keys vouch for signed approvals: in a pull request, the base's. */
  trustedRoster?: Roster;
  /** The repo's catalogue (`locale:`): what rules report is written in it, dates too. */
  messages: Messages;
}

/** A check over a loaded repo: small, declarative, listed in rules/registry.ts. */
export interface Rule {
  id: string;
  /** One line for `precept rules` and docs/rules.md. */
  description: string;
  /** Default severity of what it reports. */
  severity: Severity;
  /** Whether `--strict` turns its warnings into errors. */
  strictable?: boolean;
  check(ctx: RuleContext, report: RuleReport): void | Promise<void>;
}

/**
 * What a rule says: a phrase of the `check` catalogue (precept's own rules), written in the repo's
 * language when reported; or text a rule passed to `check({rules})` writes itself.
 */
export type RuleText = Phrase | string;

/** How a rule reports: rule id and default severity are filled in. */
export type RuleReport = (file: string, at: Position, message: RuleText, options?: { hint?: RuleText; severity?: Severity }) => void;

/** A phrase of the `check` catalogue (`check.<key>`). */
export function says(key: string, values?: Phrase['values']): Phrase {
  return phrase(`check.${key}`, values);
}

/** " - did you mean X?" in the repo's language, or nothing when no candidate is close: a phrase argument. */
export function suggest(value: string, candidates: Iterable<string>): Phrase | '' {
  const near = didYouMean(value, candidates);
  return near === undefined ? '' : says('did-you-mean', { near });
}

/** Binds a rule's id and severity (raised under --strict) to a plain Report. */
export function ruleReporter(rule: Rule, ctx: RuleContext, report: Report): RuleReport {
  const text = (t: RuleText) => (typeof t === 'string' ? t : ctx.messages.say(t));
  return (file, at, message, options = {}) => {
    let severity = options.severity ?? rule.severity;
    if (ctx.strict && rule.strictable) severity = 'error';
    report({
      file, line: at.line, column: at.column,
      ...(at.endLine !== undefined ? { endLine: at.endLine } : {}),
      ...(at.endColumn !== undefined ? { endColumn: at.endColumn } : {}),
      ruleId: rule.id, severity, message: text(message),
      ...(options.hint !== undefined ? { hint: text(options.hint) } : {}),
    });
  };
}
