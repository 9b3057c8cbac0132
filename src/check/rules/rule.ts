import type { IsoDate } from '../../core/dates/calendar.js';
import type { Position, Report, Severity } from '../../core/diagnostics/diagnostic.js';
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

/** How a rule reports: rule id and default severity are filled in. */
export type RuleReport = (file: string, at: Position, message: string, options?: { hint?: string; severity?: Severity }) => void;

/** Binds a rule's id and severity (raised under --strict) to a plain Report. */
export function ruleReporter(rule: Rule, ctx: RuleContext, report: Report): RuleReport {
  return (file, at, message, options = {}) => {
    let severity = options.severity ?? rule.severity;
    if (ctx.strict && rule.strictable) severity = 'error';
    report({
      file, line: at.line, column: at.column,
      ...(at.endLine !== undefined ? { endLine: at.endLine } : {}),
      ...(at.endColumn !== undefined ? { endColumn: at.endColumn } : {}),
      ruleId: rule.id, severity, message,
      ...(options.hint !== undefined ? { hint: options.hint } : {}),
    });
  };
}
