import { changedSince } from '../records/approvals/pending.js';
import { pullRequestTrust } from '../records/approvals/trust.js';
import { shareProjectGit } from '../records/ledger/project-ledgers.js';
import { toIsoDate, type IsoDate } from '../core/dates/calendar.js';
import { countDiagnostics, sortDiagnostics, type Diagnostic, type DiagnosticCounts } from '../core/diagnostics/diagnostic.js';
import { loadMessages } from '../core/i18n/messages.js';
import { openRepo, type Repo } from '../history/repo.js';
import { resolveToday, type Today } from '../history/today.js';
import { isValidPolicy, type Project, type Roster } from '../repo/project/types.js';
import { RULES } from './rules/registry.js';
import { ruleReporter, type Rule, type RuleContext } from './rules/rule.js';

/** Options for a check run. */
export interface CheckOptions {
  /**
   * The date "today" means for review and staffing rules: a date, or `today` for the clock's day.
   * Default: the HEAD commit's day (or SOURCE_DATE_EPOCH's, from `env`) in the config's time zone,
   * as `build` uses; the clock's day outside git.
   */
  asOf?: IsoDate | 'today';
  /** The environment, for SOURCE_DATE_EPOCH (library code never reads process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock (default: the system's), for `today` and repos outside git. */
  now?: () => Date;
  /** Turn review-overdue and coverage-gap warnings into errors. */
  strict?: boolean;
  /**
   * Policies a pull request changes, whose approvals come from its reviews after the merge:
   * missing approvals of their new text are warnings, not errors.
   */
  pendingApprovals?: ReadonlySet<string>;
  /** A pull request's base ref: the policies changed since it are the pending ones. */
  base?: string;
  /** The roster whose SSH keys vouch for signed approvals (a pull request's base's); default the project's. */
  trustedRoster?: Roster;
  /** Rules to run (default: all of RULES). */
  rules?: readonly Rule[];
}

/** The outcome of checking a repo. */
export interface CheckResult {
  project: Project;
  diagnostics: Diagnostic[];
  counts: DiagnosticCounts;
  /** Number of files read. */
  files: number;
  /** The day the rules were judged on, and where it came from. */
  today: Today;
}

/** Runs every rule over an already loaded project. */
export async function runRules(project: Project, options: Omit<CheckOptions, 'asOf'> & { asOf?: IsoDate } = {}): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const ctx: RuleContext = {
    project,
    policies: project.policies.filter(isValidPolicy),
    asOf: options.asOf ?? toIsoDate(new Date()),
    strict: options.strict ?? false,
    messages: loadMessages(project.config.locale),
    ...(options.pendingApprovals ? { pendingApprovals: options.pendingApprovals } : {}),
    ...(options.trustedRoster ? { trustedRoster: options.trustedRoster } : {}),
  };
  for (const rule of options.rules ?? RULES) {
    await rule.check(ctx, ruleReporter(rule, ctx, (d) => diagnostics.push(d)));
  }
  return diagnostics;
}

/**
 * Checks an opened repo: what loading found plus every rule (schemas, references, links,
 * consistency, reviews, coverage). The one way precept checks, for `check`, `build`, `review`
 * and `pack` alike. With `base` (a pull request), records the pull request adds to the ledgers
 * do not count, and its changes to the roster's identities and to approvers are reported
 * (pullRequestTrust).
 */
export async function checkRepo(repo: Repo, options: CheckOptions = {}): Promise<CheckResult> {
  const { project } = repo;
  shareProjectGit(project, repo.git);
  const diagnostics = [...repo.diagnostics];
  const today = await resolveToday({
    asOf: options.asOf, env: options.env ?? {}, timezone: project.config.timezone, now: options.now ?? (() => new Date()), git: repo.git,
  });
  const trust = options.base ? await pullRequestTrust(project, options.base) : undefined;
  if (trust) diagnostics.push(...trust.diagnostics);
  const pendingApprovals = options.base ? await changedSince(project, options.base) : options.pendingApprovals;
  diagnostics.push(...(await runRules(project, {
    ...options,
    asOf: today.date,
    ...(pendingApprovals ? { pendingApprovals } : {}),
    ...(trust ? { trustedRoster: trust.trust.roster } : {}),
  })));
  sortDiagnostics(diagnostics);
  return { project, diagnostics, counts: countDiagnostics(diagnostics), files: project.sources.size, today };
}

/** Opens the repo at `root` and checks it. */
export async function check(root: string, options: CheckOptions = {}): Promise<CheckResult> {
  return checkRepo(await openRepo(root), options);
}
