/** precept's library API: load a policy repo, check it, and run the CLI in-process. */
export { check, runRules, type CheckOptions, type CheckResult } from './check/check.js';
export { loadProject, type LoadResult } from './load/load-project.js';
export { loadConfig, type ResolvedConfig } from './config/config.js';
export type { Diagnostic, Severity, Position } from './diagnostics/diagnostic.js';
export { formatPretty } from './diagnostics/format/pretty.js';
export { formatJson } from './diagnostics/format/json.js';
export { formatGithub } from './diagnostics/format/github.js';
export { formatSarif } from './diagnostics/format/sarif.js';
export { PreceptError, UsageError } from './errors.js';
export { main } from './cli/main.js';
export type { CliIo } from './cli/io.js';
export type { Project, Policy, ValidPolicy, ControlEntry, Roster } from './project/types.js';
export type * from './schema/types.generated.js';
export { RULES } from './rules/registry.js';
export type { Rule, RuleContext } from './rules/rule.js';
