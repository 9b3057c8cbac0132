import { check } from '../../check/check.js';
import { LOAD_RULE_IDS, RULES } from '../../check/rules/registry.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';
import { loadMessages } from '../../core/i18n/messages.js';

const FORMATS = ['pretty', 'json', 'github', 'sarif'] as const;

/** `precept check`: validate a policy repo. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'validate policies, controls and the roster; resolve references; report gaps',
  options: {
    root: COMMON.root,
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: pretty)` },
    'as-of': COMMON.asOf,
    strict: { type: 'boolean', description: 'treat overdue reviews and coverage gaps as errors' },
    quiet: COMMON.quiet,
    base: { type: 'string', value: 'REF', description: "in a pull request, its base: approvals of policies changed since REF are pending (warnings, not errors)" },
  },
  details: `Exit 0 when clean or warnings only, 1 on any error, 2 when precept could not run.\n${TODAY_HELP}`,
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'pretty');
    const started = performance.now();
    const base = ctx.string('base');
    const asOf = ctx.asOfFlag();
    const result = await check(ctx.root, {
      ...(asOf !== undefined ? { asOf } : {}), env: ctx.io.env, now: () => ctx.now(), strict: ctx.flag('strict'), ...(base ? { base } : {}),
    });
    const quiet = ctx.flag('quiet');
    const rules = [...RULES.map((r) => ({ id: r.id, description: r.description })),
      ...Object.entries(LOAD_RULE_IDS).map(([id, description]) => ({ id, description }))];
    ctx.printDiagnostics(result.diagnostics, { format, files: result.files, sources: result.project.sources, quiet, rules, locale: result.project.config.locale });
    if (format === 'pretty' && !quiet) {
      const p = result.project;
      const m = loadMessages(p.config.locale);
      const { errors, warnings } = result.counts;
      const problems = m.t(`cli.check.${errors ? (warnings ? 'errors-warnings' : 'errors') : warnings ? 'warnings' : 'no-problems'}`, { errors, warnings });
      ctx.out(m.t('cli.check.summary', {
        policies: p.policies.length, controls: p.controls.length, people: p.roster.people.size,
        seconds: ((performance.now() - started) / 1000).toFixed(1), problems,
      }));
    }
    return result.counts.errors > 0 ? 1 : 0;
  },
};
