import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { Project } from '../../repo/project/types.js';
import type { ReminderRecord } from '../../repo/schema/types.generated.js';
import { appendLocked, type NewRecord } from '../ledger/append.js';
import { withFileLock } from '../ledger/lock.js';
import type { LedgerEntry } from '../ledger/parse.js';
import { readLedger } from '../ledger/read.js';
import { REMINDERS_LEDGER } from '../ledger/registry.js';

/** records/reminders.jsonl while a `remind` run holds it. */
export interface ReminderLog {
  /** The ledger's path, relative to the repo. */
  file: string;
  /** The reminder already delivered to this person over this channel for this day, if any. */
  sent(person: string, channel: ReminderRecord['channel'], day: IsoDate): LedgerEntry<ReminderRecord> | undefined;
  /** Appends one delivered reminder, durably (fsynced) before it returns. */
  record(reminder: NewRecord<ReminderRecord>): Promise<LedgerEntry<ReminderRecord>>;
}

const key = (person: string, channel: string, day: string) => `${person}\u0000${channel}\u0000${day}`;

/**
 * Runs `fn` with the reminders ledger held for the whole run: a second `remind` started meanwhile
 * waits (and gives up after the lock's timeout, naming this one), so two runs can never both
 * decide that nobody was reminded yet. A ledger that fails verification is refused: what was
 * sent could not be known.
 */
export async function withReminderLog<R>(project: Project, fn: (log: ReminderLog) => Promise<R>): Promise<R> {
  const initial = await readLedger(project.root, project.config.paths.records, REMINDERS_LEDGER);
  await mkdir(path.dirname(initial.path), { recursive: true });
  return withFileLock(initial.path, {}, async () => {
    const ledger = await readLedger(project.root, project.config.paths.records, REMINDERS_LEDGER);
    if (ledger.diagnostics.some((d) => d.severity === 'error')) {
      throw failure('ledger.reminders-problems', { file: ledger.file }, { exitCode: 1, diagnostics: ledger.diagnostics });
    }
    const done = new Map<string, LedgerEntry<ReminderRecord>>();
    for (const e of ledger.entries) done.set(key(e.record.person, e.record.channel, e.record.day), e);
    return fn({
      file: ledger.file,
      sent: (person, channel, day) => done.get(key(person, channel, day)),
      async record(reminder) {
        const [entry] = await appendLocked(ledger.path, REMINDERS_LEDGER, [reminder]);
        done.set(key(reminder.person, reminder.channel, reminder.day), entry!);
        return entry!;
      },
    });
  });
}
