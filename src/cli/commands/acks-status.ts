import { findPolicy } from '../../records/approvals/approve.js';
import { loadAckModel } from '../../records/acks/model.js';
import { requirementsOn } from '../../records/acks/requirements.js';
import { acknowledgementStatus } from '../../records/acks/status.js';
import { statusCsv, statusJson, statusTable } from '../../records/acks/status-report.js';
import { personFinder } from '../../records/acks/validity.js';
import { usageFailure } from '../../core/i18n/failure.js';
import { nearest } from '../../core/i18n/phrase.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';

const FORMATS = ['table', 'csv', 'json'] as const;

/** `precept acks status`: who has acknowledged what, who is missing and who is late. */
export const acksStatusCommand: Command = {
  name: 'acks status',
  summary: 'show who has acknowledged the version of each policy in force, who is pending or overdue, and what each person owes',
  options: {
    root: COMMON.root,
    'as-of': COMMON.asOf,
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: table)` },
    policy: { type: 'string', value: 'ID', description: 'only this policy' },
    person: { type: 'string', value: 'ID', description: 'only this person (id or email)' },
  },
  details: `An acknowledgement of any version with the same MAJOR number counts (2.0.0 covers 2.3.1).
Everyone in a policy's audience groups who is on staff must acknowledge it by
max(their start, the MAJOR version's effective date) + acknowledgement.graceDays.
--format csv writes one row per person and policy owed.
${TODAY_HELP}`,
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'table');
    const { project } = await ctx.openRepo('whole');
    const asOf = (await ctx.today(project.config)).date;
    const model = await loadAckModel(project);
    for (const note of model.notes) ctx.err(loadMessages(project.config.locale).t('notes.warning-line', { note }));
    const policyArg = ctx.string('policy');
    const personArg = ctx.string('person');
    let view = model;
    if (policyArg !== undefined) {
      const id = findPolicy(project, policyArg).id;
      view = { ...view, timelines: view.timelines.filter((t) => t.policy === id) };
    }
    if (personArg !== undefined) {
      const person = personFinder(project.roster)(personArg);
      if (!person) throw usageFailure('cli.unknown-person', { person: personArg, roster: project.roster.file, suggest: nearest(personArg, [...project.roster.people.keys()]) });
      view = { ...view, roster: { ...view.roster, people: new Map([[person.id, project.roster.people.get(person.id)!]]) } };
    }
    const report = acknowledgementStatus(view, asOf);
    if (format === 'json') ctx.io.stdout.write(statusJson(report, { intact: model.intact, notes: model.notes }));
    else if (format === 'csv') {
      const who = new Map([...project.roster.people.values()].map(({ person }) => [person.id, person]));
      ctx.io.stdout.write(statusCsv(report, requirementsOn(view, asOf), who));
    } else ctx.io.stdout.write(statusTable(report, loadMessages(project.config.locale)));
    return 0;
  },
};
