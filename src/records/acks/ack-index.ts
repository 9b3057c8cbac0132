import { Memo } from '../../core/memo.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { LedgerEntry } from '../ledger/parse.js';
import type { AcknowledgementRecord } from '../../repo/schema/types.generated.js';
import { majorOf } from '../../history/timeline/model.js';

/** An acknowledgement record and the ledger line it is on. */
export type AckEntry = LedgerEntry<AcknowledgementRecord>;

export { ackKey } from '../ledger/registry.js';

// Status computations ask for the MAJOR of the same few versions once per person and record.
const majors = new Memo<string, number>({ entries: 10_000 });
const major = (version: string) => majors.get(version, () => majorOf(version));

/** A person's acknowledgements of one policy: one record (the usual case, stored bare) or several. */
type Held = AckEntry | AckEntry[];

const list = (held: Held | undefined): readonly AckEntry[] => (held === undefined ? [] : Array.isArray(held) ? held : [held]);

/** One policy's acknowledgements, by person: what status computations look up once per person. */
export interface PolicyAcks {
  /** The person's acknowledgements of the policy, in ledger order. */
  of(person: string): readonly AckEntry[];
}

/**
 * The earliest acknowledgement in a list of any version with this MAJOR number given by the end
 * of `day`: the one that counts for every version of the series.
 */
export function countingIn(entries: readonly AckEntry[], majorNumber: number, day: IsoDate): AckEntry | undefined {
  // `at` is YYYY-MM-DDTHH:MM:SSZ: it falls on or before `day` when it sorts before `day` + "U".
  const after = `${day}U`;
  let best: AckEntry | undefined;
  for (const e of entries) {
    const at = e.record.at;
    if (at >= after || major(e.record.version) !== majorNumber) continue;
    if (!best || at < best.record.at) best = e;
  }
  return best;
}

/** Acknowledgements by policy and person, for the lookups status computations make per person. */
export class AckIndex {
  private readonly byPolicy = new Map<string, Map<string, Held>>();
  private count = 0;

  constructor(entries: Iterable<AckEntry> = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds a record (a repeat of person, policy and version keeps the first). */
  add(entry: AckEntry): void {
    const r = entry.record;
    let people = this.byPolicy.get(r.policy);
    if (!people) this.byPolicy.set(r.policy, (people = new Map()));
    const held = people.get(r.person);
    if (held === undefined) people.set(r.person, entry);
    else if (list(held).some((e) => e.record.version === r.version)) return;
    else people.set(r.person, [...list(held), entry]);
    this.count++;
  }

  /** The record of exactly this acknowledgement, if there is one. */
  find(person: string, policy: string, version: string): AckEntry | undefined {
    return list(this.byPolicy.get(policy)?.get(person)).find((e) => e.record.version === version);
  }

  /** The record with this ackKey, if there is one. */
  byKey(key: string): AckEntry | undefined {
    const [person, policy, version] = key.split('\u0000') as [string, string, string];
    return this.find(person, policy, version);
  }

  /** A policy's acknowledgements by person. */
  forPolicy(policy: string): PolicyAcks {
    const people = this.byPolicy.get(policy);
    return { of: (person) => list(people?.get(person)) };
  }

  /** A person's acknowledgements of a policy, in ledger order. */
  of(policy: string, person: string): readonly AckEntry[] {
    return list(this.byPolicy.get(policy)?.get(person));
  }

  /** The earliest acknowledgement by a person of the policy's MAJOR series given by the end of `day`. */
  counting(policy: string, person: string, majorNumber: number, day: IsoDate): AckEntry | undefined {
    return countingIn(this.of(policy, person), majorNumber, day);
  }

  get size(): number {
    return this.count;
  }
}
