import semver from 'semver';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { PreceptError } from '../../core/errors.js';
import { loadMessages, sayIn } from '../../core/i18n/messages.js';
import { nearest, type PhraseValues } from '../../core/i18n/phrase.js';
import { appendSelected, type NewRecord } from '../ledger/append.js';
import type { AcknowledgementImportColumns, AcknowledgementRecord } from '../../repo/schema/types.generated.js';
import { ackKey, type AckEntry } from './ack-index.js';
import { ledgerInstant, parseAckTime } from './ack-time.js';
import { mapColumns, type ColumnMap } from './columns.js';
import { readCsvFile, type CsvCell, type CsvRow } from './csv.js';
import type { LoadedAckModel } from './model.js';
import { pastAckProblem, personFinder } from './validity.js';
import { hashAt, type PolicyTimeline } from '../../history/timeline/model.js';

/** The rule id of every problem an import finds in a file. */
export const IMPORT_RULE = 'ack-import';


/** What to import. */
export interface ImportRequest {
  model: LoadedAckModel;
  /** The file as diagnostics name it. */
  file: string;
  /** The file name each record keeps (no folders). */
  name: string;
  bytes: Uint8Array;
  /** Columns named by flags and config (flags win). */
  columns: AcknowledgementImportColumns;
  delimiter?: string | undefined;
  /** Rows already in the ledger are skipped instead of rejected (for cumulative exports). */
  skipRecorded?: boolean;
  dryRun?: boolean;
  now: Date;
  /** The language of what it finds (the repo's `locale:`); English when not given. */
  locale?: string;
}

/** What an import found and did. */
export interface ImportOutcome {
  rows: number;
  /** One or more per bad row; when there are any, nothing was written. */
  diagnostics: Diagnostic[];
  /** The records the file holds (written unless there were problems or it was a dry run). */
  records: NewRecord<AcknowledgementRecord>[];
  /** The records as appended, with their ledger lines. */
  appended: AckEntry[];
  /** Rows skipped because the ledger already had them (--skip-recorded). */
  skipped: { line: number; entry: AckEntry }[];
}

/** Policies by id and by title (without regard to case). */
function policyFinder(model: LoadedAckModel): (text: string) => PolicyTimeline | undefined {
  const byTitle = new Map<string, PolicyTimeline>();
  for (const t of model.timelines) byTitle.set(t.title.trim().toLowerCase(), t);
  const byId = new Map(model.timelines.map((t) => [t.policy, t]));
  return (text) => byId.get(text.trim()) ?? byTitle.get(text.trim().toLowerCase());
}

/**
 * Validates every row of an HR, LMS or form export and, only when all are good, appends them to
 * records/acknowledgements.jsonl in one durable write. A bad row (unknown person or policy, a
 * version that never existed or was never approved, a time before the version existed, after
 * the person left or in the future, a repeat within the file or of a record already in the
 * ledger) is a diagnostic at its line and cell, and rejects the whole file.
 */
export async function importAcknowledgements(request: ImportRequest): Promise<ImportOutcome> {
  const { model, file } = request;
  const outcome: ImportOutcome = { rows: 0, diagnostics: [], records: [], appended: [], skipped: [] };
  const report = (at: { line: number; column: number }, message: string, hint?: string, width?: number) => {
    outcome.diagnostics.push({ ...diagnosticAt(file, at, IMPORT_RULE, 'error', message, hint), ...(width ? { endLine: at.line, endColumn: at.column + width } : {}) });
  };
  const locale = request.locale ?? 'en';
  const csv = readCsvFile(file, request.bytes, request.delimiter, locale);
  if (!csv.ok) {
    report(csv, csv.message, csv.hint);
    return outcome;
  }
  const mapped = mapColumns(csv.header, request.columns, locale);
  if (!mapped.ok) {
    for (const message of mapped.problems) report({ line: csv.header.line, column: 1 }, message);
    return outcome;
  }
  if (!model.intact) {
    throw new PreceptError(sayIn(locale, 'csv-import.csv.ledger-problems', { file: model.ledger.file }), { exitCode: 1, diagnostics: model.ledger.diagnostics, locale });
  }
  const context = {
    findPerson: personFinder(model.roster),
    findPolicy: policyFinder(model),
    fileHash: sha256(request.bytes),
    seen: new Map<string, number>(),
  };
  outcome.rows = csv.rows.length;
  for (const row of csv.rows) {
    const record = checkRow(request, row, csv.header.cells.length, mapped.map, context, report, outcome);
    if (record) outcome.records.push(record);
  }
  if (outcome.diagnostics.length || request.dryRun || !outcome.records.length) return outcome;
  // Rows another writer recorded while this file was checked are found under the lock: skipped
  // with --skip-recorded, otherwise reported as any recorded row is, and nothing is written.
  const lines = new Map(outcome.records.map((r) => [ackKey(r), r.import!.line]));
  outcome.appended = await appendSelected(model.ledger.path, model.ledger.kind, { size: model.ledger.size, lines: model.ledger.lines }, (since) => {
    const raced = new Map(since.filter((e) => lines.has(ackKey(e.record))).map((e) => [ackKey(e.record), e]));
    if (!raced.size) return outcome.records;
    for (const [key, entry] of raced) {
      const line = lines.get(key)!;
      if (request.skipRecorded) outcome.skipped.push({ line, entry });
      else {
        report({ line, column: 1 }, sayIn(locale, 'csv-import.acks.recorded-raced', {
          person: entry.record.person, policy: entry.record.policy, version: entry.record.version, date: loadMessages(locale).reportDate(entry.record.at.slice(0, 10)), ledger: model.ledger.file, line: String(entry.line),
        }), sayIn(locale, 'csv-import.acks.recorded-hint'));
      }
    }
    if (!request.skipRecorded) return [];
    outcome.records = outcome.records.filter((r) => !raced.has(ackKey(r)));
    return outcome.records;
  });
  for (const entry of outcome.appended) model.acks.add(entry);
  return outcome;
}

interface RowContext {
  findPerson: ReturnType<typeof personFinder>;
  findPolicy: (text: string) => PolicyTimeline | undefined;
  fileHash: string;
  /** Keys seen in the file, with their line. */
  seen: Map<string, number>;
}

type Report = (at: { line: number; column: number }, message: string, hint?: string, width?: number) => void;

function checkRow(request: ImportRequest, row: CsvRow, width: number, map: ColumnMap, ctx: RowContext, report: Report, outcome: ImportOutcome): NewRecord<AcknowledgementRecord> | undefined {
  const { model } = request;
  const locale = request.locale ?? 'en';
  const say = (key: string, values?: PhraseValues) => sayIn(locale, `csv-import.${key}`, values);
  if (row.cells.length !== width) {
    report({ line: row.line, column: 1 }, say('csv.row-width', { count: row.cells.length, width }));
    return undefined;
  }
  const cell = (i: number) => row.cells[i]!;
  const at = (c: CsvCell) => ({ line: c.line, column: c.column });
  const bad = (c: CsvCell, message: string, hint?: string) => report(at(c), message, hint, Math.max(1, c.value.length));
  const [personCell, policyCell, versionCell, timeCell] = [cell(map.person), cell(map.policy), cell(map.version), cell(map.at)];
  let ok = true;
  const person = ctx.findPerson(personCell.value);
  if (!person) {
    ok = false;
    const candidates = [...model.roster.people.values()].flatMap(({ person: p }) => [p.id, p.email]);
    const who = personCell.value.trim();
    bad(personCell, who ? say('csv.unknown-person', { who, suggest: nearest(who, candidates) }) : say('acks.no-person'), say('acks.person-hint', { roster: model.roster.file }));
  }
  const timeline = ctx.findPolicy(policyCell.value);
  if (!timeline) {
    ok = false;
    const wanted = policyCell.value.trim();
    bad(policyCell, wanted ? say('csv.unknown-policy', { policy: wanted, suggest: nearest(wanted, model.timelines.map((t) => t.policy)) }) : say('csv.no-policy'), say('acks.policy-hint'));
  }
  const versionText = versionCell.value.trim();
  const version = timeline?.versions.find((v) => v.version === versionText);
  if (timeline && !version) {
    ok = false;
    const known = timeline.versions.map((v) => v.version).join(', ');
    const why = semver.valid(versionText) ? say('acks.never-had', { policy: timeline.policy, version: versionText, known }) : say('acks.not-semver', { version: versionText, known });
    bad(versionCell, why, model.fromGit ? undefined : say('acks.no-git-hint'));
  }
  const time = parseAckTime(timeCell.value);
  if (!time) {
    ok = false;
    bad(timeCell, say('csv.bad-time', { text: timeCell.value.trim() }), say('acks.time-hint'));
  }
  if (!ok || !person || !timeline || !version || !time) return undefined;
  const problem = pastAckProblem(timeline, version, person, time, request.now.getTime(), locale);
  if (problem) {
    bad(problem.field === 'version' ? versionCell : timeCell, problem.message);
    return undefined;
  }
  const key = ackKey({ person: person.id, policy: timeline.policy, version: version.version });
  const earlier = ctx.seen.get(key);
  if (earlier !== undefined) {
    report({ line: row.line, column: 1 }, say('acks.repeats', { earlier: String(earlier), person: person.id, policy: timeline.policy, version: version.version }));
    return undefined;
  }
  ctx.seen.set(key, row.line);
  const recorded = model.acks.find(person.id, timeline.policy, version.version);
  if (recorded) {
    if (request.skipRecorded) outcome.skipped.push({ line: row.line, entry: recorded });
    else {
      report({ line: row.line, column: 1 }, say('acks.recorded', {
        person: person.id, policy: timeline.policy, version: version.version, date: loadMessages(locale).reportDate(recorded.record.at.slice(0, 10)), ledger: model.ledger.file, line: String(recorded.line),
      }), say('acks.recorded-hint'));
    }
    return undefined;
  }
  return {
    policy: timeline.policy, version: version.version, contentHash: hashAt(version, time.instant), person: person.id,
    at: time.iso, source: 'import', recorded: ledgerInstant(request.now.getTime()),
    import: { file: request.name, line: row.line, sha256: ctx.fileHash },
  };
}
