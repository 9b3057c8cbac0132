import { usageFailure } from '../../core/i18n/failure.js';
import { resolveToday } from '../../history/today.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import type { Channel, ChannelId } from '../../reports/remind/channels/channel.js';
import { emailChannel } from '../../reports/remind/channels/email.js';
import { webhookChannel } from '../../reports/remind/channels/webhook.js';
import { planReminders, remind, type Delivery, type RemindOutcome } from '../../reports/remind/remind.js';
import { COMMON, type Command } from '../command.js';
import { parseWithin } from './due.js';

const CHANNELS: readonly ChannelId[] = ['email', 'webhook'];

/** `precept remind`: tell each person what they owe, by email and chat, once a day. */
export const remindCommand: Command = {
  name: 'remind',
  summary: 'remind each person of the acknowledgements, reviews and approvals they owe, by email and chat webhook, once a day',
  options: {
    root: COMMON.root,
    'as-of': { ...COMMON.asOf, description: 'remind as of DATE (default: the clock\'s day in the config\'s time zone)' },
    within: { type: 'string', value: 'N', description: 'remind of what falls due within N days: 7d, 2w (default: remind.dueSoonDays)' },
    channel: { type: 'string', multiple: true, value: 'NAME', description: 'only this channel: email or webhook (repeatable; default: remind.channels)' },
    'dry-run': { type: 'boolean', description: 'print the messages; send and record nothing' },
  },
  details: `Sends one message per person and channel, grouping everything they owe: acknowledgements
overdue or due within the window, reviews of the policies they own, approvals of current texts
still missing from them. Each delivery is recorded in records/reminders.jsonl right after the
channel accepts it, so running again the same day sends nothing twice (a crash between sending and
recording sends that one again the next run: at least once). SMTP and webhook settings come from
the remind section of precept.config.yaml, secrets from the environment variables it names. A
failure for one person never stops the others; exit 1 when any failed.`,
  async run(ctx) {
    const { project } = await ctx.openRepo('whole');
    const settings = project.config.remind;
    const asked = (ctx.values['channel'] as string[] | undefined) ?? [];
    for (const c of asked) if (!CHANNELS.includes(c as ChannelId)) throw usageFailure('cli.channel', { allowed: CHANNELS.join(', '), value: c });
    const wanted = asked.length ? (asked as ChannelId[]) : settings.channels;
    const dryRun = ctx.flag('dry-run');
    if (!wanted.length && !dryRun) throw usageFailure('cli.no-channels');
    // A schedule runs this every day: its day is the clock's (in the organisation's time zone),
    // not the HEAD commit's, which would stand still between commits and send nothing.
    const day = await resolveToday({ asOf: ctx.asOfFlag() ?? 'today', env: ctx.io.env, git: undefined, timezone: project.config.timezone, now: () => ctx.now() });
    const m = loadMessages(project.config.locale);
    const plan = { project, asOf: day.date, withinDays: parseWithin(ctx.string('within'), settings.dueSoonDays), messages: m };
    if (dryRun) {
      const outcome = await planReminders(plan, wanted);
      notes(ctx, outcome, m);
      const byPerson = new Map<string, Delivery[]>();
      for (const d of outcome.deliveries) byPerson.set(d.person, [...(byPerson.get(d.person) ?? []), d]);
      for (const r of outcome.reminders) {
        const how = (byPerson.get(r.owed.person.id) ?? []).map((d) => (d.status === 'already-sent' ? m.t('cli.remind.already-sent', { channel: d.channel }) : d.channel))
          .join(m.t('common.list-separator')) || m.t('cli.remind.no-channel');
        const { name, email, id } = r.owed.person;
        ctx.out(`${m.t('cli.remind.dry-run-head', { name, email, id, how })}\n${m.t('cli.remind.subject', { subject: r.subject })}\n\n${r.text}`);
      }
      ctx.out(m.t('cli.remind.dry-run', { count: outcome.reminders.length, asOf: m.reportDate(outcome.owed.asOf) }));
      return 0;
    }
    const timeoutMs = settings.timeoutSeconds * 1000;
    const channels: Channel[] = [];
    try {
      for (const id of wanted) {
        if (id === 'email' && !settings.email) throw usageFailure('cli.channel-unset', { channel: 'email' });
        if (id === 'webhook' && !settings.webhook) throw usageFailure('cli.channel-unset', { channel: 'webhook' });
        channels.push(id === 'email' ? emailChannel(settings.email!, ctx.io.env, timeoutMs) : webhookChannel(settings.webhook!, ctx.io.env, timeoutMs));
      }
      const outcome = await remind({ ...plan, channels, now: () => ctx.now() });
      notes(ctx, outcome, m);
      const failed = outcome.deliveries.filter((d) => d.status === 'failed');
      for (const d of outcome.deliveries) {
        if (d.status === 'sent') ctx.out(m.t('cli.remind.sent', { person: d.person, channel: d.channel, line: String(d.line), file: outcome.ledger }));
      }
      for (const d of failed) ctx.err(`precept remind: not sent: ${d.person} by ${d.channel}: ${d.message}`);
      const sent = outcome.deliveries.filter((d) => d.status === 'sent');
      const already = new Set(outcome.deliveries.filter((d) => d.status === 'already-sent').map((d) => d.person));
      const perChannel = channels.map((c) => m.t('cli.remind.by-channel', { count: sent.filter((d) => d.channel === c.id).length, channel: c.id })).join(m.t('common.list-separator'));
      ctx.out(m.t('cli.remind.summary', { reminded: new Set(sent.map((d) => d.person)).size, perChannel, already: already.size, failed: failed.length }));
      return failed.length ? 1 : 0;
    } finally {
      await Promise.all(channels.map((c) => c.close()));
    }
  },
};

/** What the report says about itself, and who owes something but cannot be reminded. */
function notes(ctx: { err(text: string): void }, outcome: RemindOutcome, m: Messages): void {
  for (const note of outcome.owed.notes) ctx.err(m.t('notes.note-line', { note }));
  for (const n of outcome.owed.notReminded) ctx.err(m.t('notes.note-line', { note: n.message }));
}
