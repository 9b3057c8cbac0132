import type { IsoDate } from '../dates/calendar.js';
import type { LedgerEntry } from '../ledger/parse.js';
import type { AcknowledgementRecord } from '../schema/types.generated.js';
import { majorOf } from './versions.js';

/** An acknowledgement record and the ledger line it is on. */
export type AckEntry = LedgerEntry<AcknowledgementRecord>;

/** What makes two acknowledgements the same: one person, one policy, one version. */
export function ackKey(r: Pick<AcknowledgementRecord, 'person' | 'policy' | 'version'>): string {
  return `${r.person}\u0000${r.policy}\u0000${r.version}`;
}

/** Acknowledgements by policy and person, for the lookups status computations make per person. */
export class AckIndex {
  private readonly byPolicy = new Map<string, Map<string, AckEntry[]>>();
  private readonly exact = new Map<string, AckEntry>();

  constructor(entries: Iterable<AckEntry> = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds a record (a repeat of person, policy and version keeps the first). */
  add(entry: AckEntry): void {
    const r = entry.record;
    const key = ackKey(r);
    if (this.exact.has(key)) return;
    this.exact.set(key, entry);
    let people = this.byPolicy.get(r.policy);
    if (!people) this.byPolicy.set(r.policy, (people = new Map()));
    const list = people.get(r.person);
    if (list) list.push(entry);
    else people.set(r.person, [entry]);
  }

  /** The record of exactly this acknowledgement, if there is one. */
  find(person: string, policy: string, version: string): AckEntry | undefined {
    return this.exact.get(ackKey({ person, policy, version }));
  }

  /** The record with this ackKey, if there is one. */
  byKey(key: string): AckEntry | undefined {
    return this.exact.get(key);
  }

  /** A person's acknowledgements of a policy, in ledger order. */
  of(policy: string, person: string): readonly AckEntry[] {
    return this.byPolicy.get(policy)?.get(person) ?? [];
  }

  /**
   * The earliest acknowledgement by a person of any version with this MAJOR number given by the
   * end of `day`: the one that counts for every version of the series.
   */
  counting(policy: string, person: string, major: number, day: IsoDate): AckEntry | undefined {
    let best: AckEntry | undefined;
    for (const e of this.of(policy, person)) {
      const at = e.record.at;
      if (at.slice(0, 10) > day || majorOf(e.record.version) !== major) continue;
      if (!best || at < best.record.at) best = e;
    }
    return best;
  }

  get size(): number {
    return this.exact.size;
  }
}
