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

const isList = (held: AckEntry | readonly AckEntry[]): held is readonly AckEntry[] => Array.isArray(held);
const list = (held: Held | undefined): readonly AckEntry[] => (held === undefined ? [] : Array.isArray(held) ? held : [held]);

/**
 * A day as status computations compare acknowledgement times with it: `after` is `${day}U`
 * (an instant YYYY-MM-DDTHH:MM:SSZ falls on or before the day exactly when it sorts before
 * that), `key` the day as the number YYYYMMDD (0 when the day is not written YYYY-MM-DD).
 */
export interface DayBound {
  after: string;
  key: number;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** YYYYMMDD from text starting YYYY-MM-DD, or 0. */
function dayNumber(s: string): number {
  if (!(isDigit(s, 0) && isDigit(s, 1) && isDigit(s, 2) && isDigit(s, 3) && s.charCodeAt(4) === 45 && isDigit(s, 5) && isDigit(s, 6)
    && s.charCodeAt(7) === 45 && isDigit(s, 8) && isDigit(s, 9))) return 0;
  return ((((((digit(s, 0) * 10 + digit(s, 1)) * 10 + digit(s, 2)) * 10 + digit(s, 3)) * 10 + digit(s, 5)) * 10 + digit(s, 6)) * 10 + digit(s, 8)) * 10 + digit(s, 9);
}

/** The bound of a day (see DayBound). */
export function dayBound(day: IsoDate): DayBound {
  return { after: `${day}U`, key: day.length === 10 ? dayNumber(day) : 0 };
}

/**
 * The day (YYYYMMDD) of an instant YYYY-MM-DDTHH:MM:SSZ, whose order against a DayBound is then
 * that of the day numbers; 0 for any other text (compared as text instead).
 */
function instantDay(at: string): number {
  return at.length > 10 && at.charCodeAt(10) === 84 /* T */ ? dayNumber(at) : 0;
}

/** One policy's acknowledgements, by person: what status computations look up once per person. */
export interface PolicyAcks {
  /** The person's acknowledgements of the policy, in ledger order. */
  of(person: string): readonly AckEntry[];
  /**
   * countingIn over the acknowledgements of the person in `slot` (AckIndex.slotOf) by the end
   * of the day `by`: what a status report asks once per person and series, without a lookup by
   * id (and, for a person with one record, without reading the record).
   */
  countingAt(slot: number, majorNumber: number, by: DayBound): AckEntry | undefined;
  /** Whether `entry`, which countingAt gave for `slot`, was given after the day `deadline`. */
  lateAt(slot: number, entry: AckEntry, deadline: DayBound): boolean;
}

/**
 * The earliest acknowledgement in a list of any version with this MAJOR number given by the end
 * of `day`: the one that counts for every version of the series.
 */
export function countingIn(entries: readonly AckEntry[], majorNumber: number, day: IsoDate): AckEntry | undefined {
  // `at` is YYYY-MM-DDTHH:MM:SSZ: it falls on or before `day` when it sorts before `day` + "U".
  return countingHeld(entries, majorNumber, `${day}U`, major);
}

/** countingIn over what the index holds for one person and policy, with `after` = `${day}U`. */
function countingHeld(held: AckEntry | readonly AckEntry[] | undefined, majorNumber: number, after: string, majorOfVersion: (version: string) => number): AckEntry | undefined {
  if (held === undefined) return undefined;
  if (!isList(held)) {
    const r = held.record;
    return r.at < after && majorOfVersion(r.version) === majorNumber ? held : undefined;
  }
  let best: AckEntry | undefined;
  for (const e of held) {
    const at = e.record.at;
    if (at >= after || majorOfVersion(e.record.version) !== majorNumber) continue;
    if (!best || at < best.record.at) best = e;
  }
  return best;
}

/**
 * One policy's acknowledgements by slot, in rows. Beside each row's records, for a row holding
 * one record with an instant for `at`: its day and its version's MAJOR, in flat arrays. A status
 * report asks about every person, and reading those beats following each record through memory
 * (a quarter of a million records, scattered across the heap). Rows are the slots themselves
 * while the policy's records fill most slots up to the last (the usual case); a policy that few
 * of many people acknowledged maps slots to rows, so it takes memory for its records only.
 */
class PolicyTable {
  held: (Held | undefined)[] = [];
  /** YYYYMMDD of the row's one record's `at`; 0 for no record, several, or an `at` of another form. */
  day = new Int32Array(16);
  /** The MAJOR of the row's one record's version (NaN when it has none). */
  major = new Float64Array(16);
  /** Rows holding records. */
  filled = 0;
  /** Slot to row, once the table is sparse; until then a slot is its row. */
  private rows: Map<number, number> | undefined;

  /** The row of a slot, -1 when it has none. */
  row(slot: number): number {
    if (this.rows) return this.rows.get(slot) ?? -1;
    return slot >= 0 && slot < this.held.length ? slot : -1;
  }

  /** The row of a slot, added when it has none. */
  rowFor(slot: number): number {
    if (!this.rows) {
      if (slot < this.held.length) return slot;
      if (slot < 4 * this.filled + 64) {
        this.extend(slot + 1);
        return slot;
      }
      this.makeSparse();
    }
    const rows = this.rows!;
    let row = rows.get(slot);
    if (row === undefined) {
      rows.set(slot, (row = this.held.length));
      this.extend(row + 1);
    }
    return row;
  }

  private makeSparse(): void {
    const rows = new Map<number, number>();
    const held: (Held | undefined)[] = [];
    const day = new Int32Array(Math.max(16, this.filled));
    const major = new Float64Array(day.length);
    this.held.forEach((h, slot) => {
      if (h === undefined) return;
      rows.set(slot, held.length);
      day[held.length] = this.day[slot]!;
      major[held.length] = this.major[slot]!;
      held.push(h);
    });
    this.rows = rows;
    this.held = held;
    this.day = day;
    this.major = major;
  }

  /** Rows up to `length`: the list filled, never written past its end (a list with gaps would become a dictionary). */
  private extend(length: number): void {
    while (this.held.length < length) this.held.push(undefined);
    if (length <= this.day.length) return;
    let size = this.day.length * 2;
    while (size < length) size *= 2;
    const day = new Int32Array(size);
    day.set(this.day);
    const major = new Float64Array(size);
    major.set(this.major);
    this.day = day;
    this.major = major;
  }
}

/**
 * Acknowledgements by policy and person, for the lookups status computations make per person.
 * Each person met gets a slot (a number, in the order they are met) and each policy a table by
 * slot: a report asks about every person for every policy (300,000 questions for 10,000 people
 * and 30 policies), and looks each person up once (slotOf) rather than once per policy.
 */
export class AckIndex {
  private readonly slots = new Map<string, number>();
  private readonly byPolicy = new Map<string, PolicyTable>();
  private count = 0;
  // The MAJOR of each version string met, for this index's lookups (a handful of versions).
  private readonly majors = new Map<string, number>();
  private readonly majorOf = (version: string): number => {
    let m = this.majors.get(version);
    if (m === undefined) this.majors.set(version, (m = major(version)));
    return m;
  };

  constructor(entries: Iterable<AckEntry> = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds a record (a repeat of person, policy and version keeps the first). */
  add(entry: AckEntry): void {
    const r = entry.record;
    let slot = this.slots.get(r.person);
    if (slot === undefined) this.slots.set(r.person, (slot = this.slots.size));
    let table = this.byPolicy.get(r.policy);
    if (!table) this.byPolicy.set(r.policy, (table = new PolicyTable()));
    const row = table.rowFor(slot);
    const held = table.held[row];
    if (held === undefined) {
      table.held[row] = entry;
      table.day[row] = instantDay(r.at);
      table.major[row] = this.majorOf(r.version);
      table.filled++;
    } else {
      if (!Array.isArray(held)) {
        if (held.record.version === r.version) return;
        table.held[row] = [held, entry];
      } else if (held.some((e) => e.record.version === r.version)) return;
      else table.held[row] = [...held, entry];
      table.day[row] = 0;
    }
    this.count++;
  }

  /** The slot of a person with acknowledgements (for PolicyAcks.countingAt), -1 for anyone else. */
  slotOf(person: string): number {
    return this.slots.get(person) ?? -1;
  }

  private held(policy: string, person: string): Held | undefined {
    const slot = this.slots.get(person);
    const table = slot === undefined ? undefined : this.byPolicy.get(policy);
    const row = table ? table.row(slot!) : -1;
    return row < 0 ? undefined : table!.held[row];
  }

  /** The record of exactly this acknowledgement, if there is one. */
  find(person: string, policy: string, version: string): AckEntry | undefined {
    return list(this.held(policy, person)).find((e) => e.record.version === version);
  }

  /** The record with this ackKey, if there is one. */
  byKey(key: string): AckEntry | undefined {
    const [person, policy, version] = key.split('\u0000') as [string, string, string];
    return this.find(person, policy, version);
  }

  /** A policy's acknowledgements by person. */
  forPolicy(policy: string): PolicyAcks {
    const table = this.byPolicy.get(policy);
    return {
      of: (person) => list(this.held(policy, person)),
      countingAt: (slot, majorNumber, by) => {
        const row = table ? table.row(slot) : -1;
        if (row < 0) return undefined;
        const day = table!.day[row]!;
        if (day === 0 || by.key === 0) return countingHeld(table!.held[row], majorNumber, by.after, this.majorOf);
        return day <= by.key && table!.major[row] === majorNumber ? (table!.held[row] as AckEntry) : undefined;
      },
      lateAt: (slot, entry, deadline) => {
        const row = table ? table.row(slot) : -1;
        const day = row >= 0 && table!.held[row] === entry ? table!.day[row]! : 0;
        return day !== 0 && deadline.key !== 0 ? day > deadline.key : entry.record.at >= deadline.after;
      },
    };
  }

  /** A person's acknowledgements of a policy, in ledger order. */
  of(policy: string, person: string): readonly AckEntry[] {
    return list(this.held(policy, person));
  }

  /** The earliest acknowledgement by a person of the policy's MAJOR series given by the end of `day`. */
  counting(policy: string, person: string, majorNumber: number, day: IsoDate): AckEntry | undefined {
    return countingHeld(this.held(policy, person), majorNumber, `${day}U`, this.majorOf);
  }

  get size(): number {
    return this.count;
  }
}
