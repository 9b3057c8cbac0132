import type { SchemaName } from '../../repo/schema/validator.js';
import type { ChainFields } from './chain.js';

/**
 * A kind of ledger: where it lives under the records folder and the JSON Schema its records
 * follow. The schema must declare `seq` and `prev` (common.schema.json's ledgerSeq and sha256).
 */
export interface LedgerKind<T extends ChainFields = ChainFields> {
  /** Short name used in messages and by `precept ledger verify`: approvals. */
  id: string;
  /** File name under the records folder: approvals.jsonl. */
  file: string;
  /** Schema in schemas/ its records follow: approval. */
  schema: SchemaName;
  /** What one record is called in messages: approval. */
  noun: string;
  /** One line saying what a record records, for reports ("bob approved alpha 1.1.0"). */
  describe(record: T): string;
  /** The person a record speaks for (the approver, the person acknowledging). */
  person(record: T): string;
  /**
   * What makes two records the same fact (an acknowledgement: person, policy, version). Writers
   * check for it under the ledger's lock, and verification reports a record that `repeats` the
   * latest earlier one with its key.
   */
  key(record: Omit<T, keyof ChainFields>): string;
  /**
   * The fields `key` is made of (two records have the same key exactly when these are equal),
   * fewest distinct values first: verification indexes a whole ledger by them, level by level,
   * rather than building a key string per record.
   */
  keyFields: readonly string[];
  /**
   * Fields whose values most records repeat (the content hash of a policy version): reading
   * keeps one copy of each value, so a large ledger's records take less memory.
   */
  sharedFields?: readonly string[];
  /** Whether `later` repeats `earlier` (same key): written twice rather than a new decision. */
  repeats(earlier: Omit<T, keyof ChainFields>, later: Omit<T, keyof ChainFields>): boolean;
  /** Phantom field carrying the record type. */
  readonly __record?: T;
}
