import type { SyncSettings } from '../../repo/config/config.js';
import { rebaseLedger } from '../../records/ledger/rebase.js';
import type { OnRebased, SyncClone, SyncLedger } from './clone.js';

/** One line of the server's log (the CLI writes it as JSON). */
export type LogEvent = Record<string, unknown> & { event: string };

/** What a sync needs from the server around it. */
export interface SyncOptions {
  clone: SyncClone;
  settings: SyncSettings;
  now(): Date;
  log(event: LogEvent): void;
  /** Under a ledger's lock, once its file was re-chained onto the remote's: the server's writer takes over from here. */
  rebased: OnRebased;
  /** Runs work that replaces ledger files one at a time with the server's reloads. */
  exclusive<R>(work: () => Promise<R>): Promise<R>;
  /** Test hook: called at named points of a sync (`after-commit`: committed, not pushed yet). */
  checkpoint?(point: 'after-commit'): void;
}

/** Where syncing stands, for /healthz. */
export interface SyncStatus {
  remote: string;
  branch: string;
  lastAttempt: string | null;
  lastSuccess: string | null;
  lastError: string | null;
  /** The commit the remote's branch was last seen at (after the last push or fetch). */
  remoteCommit: string | null;
  /** Records pushed since the server started. */
  pushedRecords: number;
}

/** How one sync ended. */
export type SyncOutcome = { outcome: 'pushed'; commit: string; records: number } | { outcome: 'up-to-date'; commit: string } | { outcome: 'failed'; error: string };

type Attempt = SyncOutcome | { outcome: 'rejected' };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `precept serve --sync`: every interval, commits the records the ledgers gained (only complete,
 * fsynced lines, and only the ledgers: a commit built on a private index) and pushes them. When
 * the remote has moved on, the records are re-chained onto the remote's ledgers (the remote's
 * records stay as they are; repeats of them are dropped), the clone moves onto that commit, and
 * the push is tried again, a few times with growing pauses. A commit is made before it is
 * pushed, so a crash in between loses nothing: the next sync pushes it.
 */
export class LedgerSync {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<SyncOutcome> | undefined;
  private stopped = false;
  private readonly state: SyncStatus;

  constructor(private readonly options: SyncOptions) {
    this.state = {
      remote: options.clone.remote, branch: options.clone.branch,
      lastAttempt: null, lastSuccess: null, lastError: null, remoteCommit: null, pushedRecords: 0,
    };
  }

  /** Syncs now, then every interval until stopped. */
  start(): void {
    void this.syncNow().finally(() => this.schedule());
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.syncNow().finally(() => this.schedule()), this.options.settings.intervalMs);
    this.timer.unref();
  }

  /** Runs a sync (or waits for the one running) and says how it ended. */
  syncNow(): Promise<SyncOutcome> {
    this.current ??= this.run().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  /** Where syncing stands. */
  status(): SyncStatus {
    return { ...this.state };
  }

  /** Stops the timer and waits for a running sync; with `final`, syncs once more (records of the last moments). */
  async stop(final: boolean): Promise<SyncOutcome | undefined> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
    return final ? this.syncNow() : undefined;
  }

  private async run(): Promise<SyncOutcome> {
    const started = Date.now();
    const { settings, log } = this.options;
    let result: Attempt = { outcome: 'failed', error: 'no attempt' };
    let attempts = 0;
    while (attempts < settings.attempts) {
      attempts++;
      this.state.lastAttempt = this.options.now().toISOString();
      try {
        result = await this.attempt();
      } catch (error) {
        result = { outcome: 'failed', error: withoutCredentials((error as Error).message) };
      }
      if (result.outcome === 'pushed' || result.outcome === 'up-to-date') break;
      if (attempts < settings.attempts && !this.stopped) await pause(Math.min(5000, 100 * 2 ** attempts) * (0.5 + Math.random()));
    }
    const ms = Date.now() - started;
    if (result.outcome === 'rejected') result = { outcome: 'failed', error: `the remote moved on ${attempts} times in a row` };
    if (result.outcome === 'failed') {
      this.state.lastError = result.error;
      log({ event: 'sync', outcome: 'failed', attempts, ms, error: result.error });
    } else {
      this.state.lastSuccess = this.options.now().toISOString();
      this.state.lastError = null;
      this.state.remoteCommit = result.commit;
      if (result.outcome === 'pushed') this.state.pushedRecords += result.records;
      log({ event: 'sync', ...result, attempts, ms });
    }
    return result;
  }

  /** One try: fetch, commit what is new (re-chained onto the remote's if it moved on), push. */
  private async attempt(): Promise<Attempt> {
    const { clone } = this.options;
    const tip = await clone.fetch();
    const head = await clone.head();
    const onto = tip !== undefined && tip !== head && !(await clone.isAncestor(tip, head));
    if (onto) await clone.assertMovable(head, tip);
    const parent = onto ? tip : head;
    const changes: { ledger: SyncLedger; bytes: Buffer }[] = [];
    let records = 0;
    for (const ledger of clone.ledgers) {
      const snapshot = await clone.snapshot(ledger);
      if (!onto) {
        const added = await clone.added(head, ledger, snapshot);
        if (added) changes.push({ ledger, bytes: snapshot });
        records += added;
        continue;
      }
      const rebased = rebaseLedger(ledger.kind, ledger.file, await clone.ledgerAt(tip, ledger), snapshot);
      if (rebased.kept.length) changes.push({ ledger, bytes: rebased.bytes });
      records += rebased.kept.length;
    }
    const now = this.options.now();
    const commit = changes.length ? await clone.commit(parent, changes, message(changes, records), now) : parent;
    if (commit !== head) {
      if (onto) await this.options.exclusive(() => clone.adopt(head, commit, now, this.options.rebased));
      else await clone.fastForward(head, commit, now);
      if (changes.length) this.options.checkpoint?.('after-commit');
    }
    if (tip !== undefined && (commit === tip || (await clone.isAncestor(commit, tip)))) return { outcome: 'up-to-date', commit: tip };
    if (!(await clone.push(commit))) return { outcome: 'rejected' };
    return { outcome: 'pushed', commit, records };
  }
}

function message(changes: readonly { ledger: SyncLedger }[], records: number): string {
  const noun = changes.length === 1 ? changes[0]!.ledger.kind.noun : 'record';
  const what = changes.map((c) => c.ledger.file).join(', ');
  return `Record ${records} ${noun}${records === 1 ? '' : 's'} from the portal\n\nCommitted by precept serve --sync: ${what}.\n`;
}

/** git's messages may quote the remote's URL: a user and token in it never reach the log or /healthz. */
export function withoutCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}
