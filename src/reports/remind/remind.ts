import type { IsoDate } from '../../core/dates/calendar.js';
import { failure } from '../../core/i18n/failure.js';
import type { Messages } from '../../core/i18n/messages.js';
import { readLedger } from '../../records/ledger/read.js';
import { REMINDERS_LEDGER } from '../../records/ledger/registry.js';
import { withReminderLog, type ReminderLog } from '../../records/reminders/log.js';
import type { Project } from '../../repo/project/types.js';
import type { ReminderRecord } from '../../repo/schema/types.generated.js';
import { DeliveryError, type Channel, type ChannelId } from './channels/channel.js';
import { composeReminder, type ComposedReminder } from './compose.js';
import { owedOn, type Owed } from './owed.js';

/** Who to remind of what, on which day, in which language. */
export interface RemindPlanRequest {
  project: Project;
  /** The day reminders are for: one per person and channel per day. */
  asOf: IsoDate;
  withinDays: number;
  messages: Messages;
}

/** What `precept remind` is asked to do. */
export interface RemindRequest extends RemindPlanRequest {
  channels: Channel[];
  /** The clock, for the time a delivery is recorded at. */
  now: () => Date;
}

/** What happened to one person's reminder on one channel. */
export interface Delivery {
  person: string;
  channel: ChannelId;
  status: 'sent' | 'already-sent' | 'failed' | 'would-send';
  /** failed: why; already-sent: when. */
  message?: string;
  /** sent and already-sent: the ledger line. */
  line?: number;
}

/** A remind run: who owes what, the messages, and each delivery. */
export interface RemindOutcome {
  owed: Owed;
  reminders: ComposedReminder[];
  deliveries: Delivery[];
  ledger: string;
}

const instant = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** Sends every person's reminder on every channel once for the day, recording each right after it is accepted. */
async function deliver(request: RemindRequest, reminders: ComposedReminder[], log: ReminderLog): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  const down = new Map<ChannelId, string>();
  for (const reminder of reminders) {
    const person = reminder.owed.person.id;
    for (const channel of request.channels) {
      const done = log.sent(person, channel.id, request.asOf);
      if (done) {
        deliveries.push({ person, channel: channel.id, status: 'already-sent', message: done.record.at, line: done.line });
        continue;
      }
      const unreachable = channel.unreachable(reminder);
      const isDown = down.get(channel.id);
      if (unreachable || isDown) {
        deliveries.push({ person, channel: channel.id, status: 'failed', message: unreachable ?? `not tried: ${isDown}` });
        continue;
      }
      let delivered;
      try {
        delivered = await channel.send(reminder);
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        if (error.scope === 'channel') down.set(channel.id, error.message);
        deliveries.push({ person, channel: channel.id, status: 'failed', message: error.message });
        continue;
      }
      // Recorded only once the channel took the message: a crash between the two means the
      // next run sends it again (at least once), never that a reminder is lost.
      try {
        const entry = await log.record({
          person, channel: channel.id, day: request.asOf, at: instant(request.now()),
          ...(delivered.to ? { to: delivered.to } : {}),
          ...(delivered.messageId ? { messageId: delivered.messageId.slice(0, 998) } : {}),
          // A person is only reminded of something: the list is never empty.
          items: reminder.items as ReminderRecord['items'],
        });
        deliveries.push({ person, channel: channel.id, status: 'sent', line: entry.line });
      } catch (error) {
        throw failure('remind.not-recorded', { person, channel: channel.id, file: log.file, error: (error as Error).message }, { cause: error });
      }
    }
  }
  return deliveries;
}

/** Everyone's reminder, composed. */
async function compose(request: RemindPlanRequest): Promise<{ owed: Owed; reminders: ComposedReminder[] }> {
  const { project } = request;
  const owed = await owedOn(project, request.asOf, request.withinDays);
  const context = { messages: request.messages, organization: project.config.organization.name, baseUrl: project.config.site.baseUrl, asOf: request.asOf };
  return { owed, reminders: owed.people.map((p) => composeReminder(p, context)) };
}

/**
 * `precept remind --dry-run`: every reminder a run would send on these channels, and which were
 * already sent that day. Sends nothing, records nothing, needs no credentials.
 */
export async function planReminders(request: RemindPlanRequest, channels: readonly ChannelId[]): Promise<RemindOutcome> {
  const { project } = request;
  const { owed, reminders } = await compose(request);
  const ledger = await readLedger(project.root, project.config.paths.records, REMINDERS_LEDGER);
  const sent = new Set(ledger.entries.filter((e) => e.record.day === request.asOf).map((e) => `${e.record.person}\u0000${e.record.channel}`));
  const deliveries = reminders.flatMap((r) => channels.map((channel): Delivery => ({
    person: r.owed.person.id, channel, status: sent.has(`${r.owed.person.id}\u0000${channel}`) ? 'already-sent' : 'would-send',
  })));
  return { owed, reminders, deliveries, ledger: ledger.file };
}

/**
 * `precept remind`: tells each person what they owe (acknowledgements, reviews, approvals), in
 * one message per person per channel, at most once a day, and records every delivery in
 * records/reminders.jsonl. One person's failure never stops the others; a channel that cannot be
 * reached is tried once and the rest are reported as not tried.
 */
export async function remind(request: RemindRequest): Promise<RemindOutcome> {
  const { owed, reminders } = await compose(request);
  if (!reminders.length) return { owed, reminders, deliveries: [], ledger: `${request.project.config.paths.records}/${REMINDERS_LEDGER.file}` };
  return withReminderLog(request.project, async (log) => ({ owed, reminders, deliveries: await deliver(request, reminders, log), ledger: log.file }));
}
