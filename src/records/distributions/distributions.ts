import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import { stageFile, type StagedFile } from '../../core/output/atomic.js';
import type { GitRepo } from '../../history/git.js';
import type { DistributionRecord } from '../../repo/schema/types.generated.js';
import { appendRecords, type NewRecord } from '../ledger/append.js';
import type { LedgerEntry } from '../ledger/parse.js';
import { readLedger, type LedgerRead } from '../ledger/read.js';
import { DISTRIBUTIONS_LEDGER } from '../ledger/registry.js';

/** A distribution record and its line in records/distributions.jsonl. */
export type DistributionEntry = LedgerEntry<DistributionRecord>;

/** Crockford's base 32: no I, L, O or U, so an id read aloud or retyped is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new copy id, `7Q2M-9XDK`: 40 random bits, unique among copies without asking anyone. */
export function newCopyId(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let id = '';
  for (let i = 7; i >= 0; i--) id += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${id.slice(0, 4)}-${id.slice(4)}`;
}

/** Whether a string has the shape of a copy id. */
export function isCopyId(s: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/.test(s);
}

/** What a person may write as a recipient, reference or preparer: printable, one line, not too long. */
export function checkLabel(flag: string, value: string, max: number): string {
  const text = value.trim();
  if (!text) throw failure('records.flag-empty', { flag }, { exitCode: 2 });
  if (/[\u0000-\u001f\u007f]/.test(text)) throw failure('records.flag-control', { flag }, { exitCode: 2 });
  if (text.length > max) throw failure('records.flag-long', { flag, length: text.length, limit: max }, { exitCode: 2 });
  return text;
}

/** records/distributions.jsonl, read and verified (and checked against HEAD in git). */
export function readDistributions(root: string, recordsDir: string, git: GitRepo | undefined): Promise<LedgerRead<DistributionRecord>> {
  return readLedger(root, recordsDir, DISTRIBUTIONS_LEDGER, { git });
}

/** Refuses (exit 1) a distributions ledger that failed verification: a copy recorded after it could not be trusted. */
export function assertIntact(ledger: LedgerRead<DistributionRecord>): void {
  if (ledger.diagnostics.some((d) => d.severity === 'error')) {
    throw failure('records.distributions-unverified', { file: ledger.file }, { exitCode: 1, diagnostics: ledger.diagnostics });
  }
}

/**
 * Appends the record of one copy, durably, under the ledger's lock. Refuses when the ledger is
 * damaged or already holds the copy id (which would make two files answer to one record).
 */
export async function recordDistribution(ledger: LedgerRead<DistributionRecord>, record: NewRecord<DistributionRecord>): Promise<DistributionEntry> {
  assertIntact(ledger);
  if (ledger.entries.some((e) => e.record.copy === record.copy)) throw failure('records.copy-recorded', { file: ledger.file, copy: record.copy });
  const [entry] = await appendRecords(ledger.path, DISTRIBUTIONS_LEDGER, [record]);
  return entry!;
}

/** A copy to hand over: its folder, file name, bytes and manifest, and what the ledger records. */
export interface CopyToDeliver {
  dir: string;
  file: string;
  pdf: Uint8Array;
  manifest: string;
  ledger: LedgerRead<DistributionRecord>;
  record: NewRecord<DistributionRecord>;
  /** Appends the record (default: recordDistribution); tests inject failures here. */
  append?: (ledger: LedgerRead<DistributionRecord>, record: NewRecord<DistributionRecord>) => Promise<DistributionEntry>;
}

/**
 * Writes a recorded copy so that a failure never leaves a copy without a record or a record
 * without its bytes: the files are written and fsynced under temporary names, then the record is
 * appended (durably), then the files are renamed into place. If recording fails, the files are
 * removed; if a rename fails after recording, the error says where the bytes are.
 */
export async function deliverCopy(copy: CopyToDeliver): Promise<DistributionEntry> {
  const staged: StagedFile[] = [];
  try {
    staged.push(await stageFile(path.join(copy.dir, copy.file), copy.pdf));
    staged.push(await stageFile(path.join(copy.dir, 'manifest.json'), copy.manifest));
    const entry = await (copy.append ?? recordDistribution)(copy.ledger, copy.record);
    for (const file of staged.splice(0)) {
      await file.commit({ syncFolder: true }).catch((error: Error) => {
        throw failure('ledger.copy-misplaced', { copy: copy.record.copy, ledger: copy.ledger.file, line: String(entry.line), target: file.target, error: error.message, temporary: file.temporary }, { cause: error });
      });
    }
    return entry;
  } finally {
    for (const file of staged) await file.discard();
  }
}
