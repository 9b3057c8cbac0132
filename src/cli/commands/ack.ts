import { acknowledge } from '../../records/acks/acknowledge.js';
import { loadAckModel } from '../../records/acks/model.js';
import { usageFailure } from '../../core/i18n/failure.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { COMMON, type Command } from '../command.js';

/** `precept ack <policy> --as <person>`: record one acknowledgement. */
export const ackCommand: Command = {
  name: 'ack',
  summary: "record one person's acknowledgement of a policy in records/acknowledgements.jsonl",
  args: '<policy>',
  positionals: { min: 1, max: 1 },
  options: {
    root: COMMON.root,
    as: { type: 'string', value: 'PERSON', description: 'who acknowledged: a person id or email from people.yaml (required)' },
    version: { type: 'string', value: 'V', description: 'the version acknowledged (default: the one in force)' },
    at: { type: 'string', value: 'TIME', description: 'when, if earlier than now (a paper form): 2026-03-01T09:30:00Z or 2026-03-01' },
    note: { type: 'string', value: 'TEXT', description: 'a note kept with the record' },
  },
  details: `Without --at, the version must be in force (or approved and taking effect later) and the
person on staff today. With --at, the rules of \`acks import\` apply: the version was approved,
existed by then, and the person had not left. Recording the same acknowledgement twice writes nothing.`,
  async run(ctx) {
    const person = ctx.string('as');
    if (!person) throw usageFailure('cli.missing-as-ack');
    const { project } = await ctx.openRepo('part');
    const model = await loadAckModel(project);
    const result = await acknowledge({
      project, model, policy: ctx.positionals[0]!, person,
      version: ctx.string('version'), at: ctx.string('at'), note: ctx.string('note'), now: ctx.now(),
    });
    for (const note of result.notes) ctx.err(loadMessages(project.config.locale).t('notes.note-line', { note }));
    const r = result.entry.record;
    const values = { person: r.person, policy: r.policy, version: r.version, at: r.at, line: String(result.entry.line), file: model.ledger.file };
    ctx.out(loadMessages(project.config.locale).t(result.recorded ? 'cli.ack.recorded' : 'cli.ack.already', values));
    return 0;
  },
};
