import { appendAfter, type NewRecord } from './append.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { withFileLock } from './lock.js';
import type { LedgerEntry } from './parse.js';

/** How a group-commit writer finds and reports records. */
export interface GroupCommitOptions<T extends ChainFields> {
  /** The ledger's absolute path; its folder must exist. */
  file: string;
  kind: LedgerKind<T>;
  /** What makes two records the same: a repeat is answered with the first and not written. */
  keyOf(record: NewRecord<T>): string;
  /** The record on file with this key, if any. */
  lookup(key: string): LedgerEntry<T> | undefined;
  /** Told of every record that reaches the file: this writer's, and those other processes appended. */
  onRecorded(entry: LedgerEntry<T>): void;
  /** What the caller has already read: the bytes of complete lines and how many there are. */
  known: { size: number; lines: number };
  /** Most records in one write (default 1,000). */
  maxBatch?: number;
}

/** A submission's answer: the record on file, and whether this submission wrote it. */
export interface Committed<T> {
  entry: LedgerEntry<T>;
  recorded: boolean;
}

interface Pending<T extends ChainFields> {
  key: string;
  record: NewRecord<T>;
  resolve(value: Committed<T>): void;
  reject(error: unknown): void;
}

/**
 * Appends records for many concurrent callers with group commit: while one batch is being
 * written, new submissions queue; the next batch goes out as one write and one fsync under the
 * ledger's lock, and every submission in it is answered only once its batch is durable. Repeats
 * (same key) within and across batches, and of records other processes appended meanwhile, are
 * answered with the record on file.
 */
export class GroupCommitWriter<T extends ChainFields> {
  private readonly queue: Pending<T>[] = [];
  private readonly inFlight = new Map<string, Promise<Committed<T>>>();
  private running: Promise<void> | undefined;
  private size: number;
  private lines: number;

  constructor(private readonly options: GroupCommitOptions<T>) {
    this.size = options.known.size;
    this.lines = options.known.lines;
  }

  /** Appends a record unless one with its key is on file or on its way; resolves once it is durable. */
  submit(record: NewRecord<T>): Promise<Committed<T>> {
    const key = this.options.keyOf(record);
    const existing = this.options.lookup(key);
    if (existing) return Promise.resolve({ entry: existing, recorded: false });
    const flying = this.inFlight.get(key);
    if (flying) return flying.then((c) => ({ entry: c.entry, recorded: false }));
    const promise = new Promise<Committed<T>>((resolve, reject) => this.queue.push({ key, record, resolve, reject }));
    this.inFlight.set(key, promise);
    promise.then(() => this.inFlight.delete(key), () => this.inFlight.delete(key));
    this.running ??= this.run();
    return promise;
  }

  /**
   * Takes over after the file was replaced under the ledger's lock by this process (a sync
   * re-chained it onto the repository's ledger): its new length and number of lines, and the
   * records it gained, which `onRecorded` hears of. Call it while holding the lock.
   */
  replaced(known: { size: number; lines: number }, added: readonly LedgerEntry<T>[]): void {
    this.size = known.size;
    this.lines = known.lines;
    for (const entry of added) this.options.onRecorded(entry);
  }

  /** Resolves when everything submitted so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.options.maxBatch ?? 1000);
        try {
          await withFileLock(this.options.file, {}, () => this.write(batch));
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  private async write(batch: Pending<T>[]): Promise<void> {
    // One open of the ledger reads what other processes appended since this writer last looked
    // (repeats are answered with their records, not written again) and appends the rest.
    const fresh: Pending<T>[] = [];
    const { entries, mark } = await appendAfter(this.options.file, this.options.kind, { size: this.size, lines: this.lines }, (since) => {
      for (const entry of since) this.options.onRecorded(entry);
      for (const item of batch) {
        const existing = this.options.lookup(item.key);
        if (existing) item.resolve({ entry: existing, recorded: false });
        else fresh.push(item);
      }
      return fresh.map((i) => i.record);
    });
    this.size = mark.size;
    this.lines = mark.lines;
    entries.forEach((entry, i) => {
      this.options.onRecorded(entry);
      fresh[i]!.resolve({ entry, recorded: true });
    });
  }
}
