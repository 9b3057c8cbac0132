import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { PreceptError } from '../../core/errors.js';
import { loadMessages, sayIn } from '../../core/i18n/messages.js';
import { nearest, type PhraseValues } from '../../core/i18n/phrase.js';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import { isValidPolicy, type Project, type ValidPolicy } from '../../repo/project/types.js';
import type { ApprovalRecord } from '../../repo/schema/types.generated.js';
import { ledgerInstant, parseAckTime } from '../acks/ack-time.js';
import { normalizeHeader } from '../acks/columns.js';
import { readCsvFile, type CsvCell, type CsvRow } from '../acks/csv.js';
import { personFinder } from '../acks/validity.js';
import { appendSelected, type NewRecord } from '../ledger/append.js';
import { readLedger } from '../ledger/read.js';
import { APPROVALS_LEDGER } from '../ledger/registry.js';
import { checkVersionSettled } from './approve.js';
import { currentVersionsSince, historicalProblem } from './historical.js';
import { approvalsByPolicy, currentHash, type ApprovalEntry } from './status.js';

/** The rule id of every problem an approvals import finds in a file. */
export const APPROVAL_IMPORT_RULE = 'approval-import';

type Field = 'policy' | 'approver' | 'at' | 'evidence' | 'version' | 'decision';

/** Headers looked for, any case, in order of preference; version and decision are optional. */
export const APPROVAL_HEADERS: Record<Field, readonly string[]> = {
  policy: ['policy', 'policy id', 'policy title', 'policy name', 'document', 'document id', 'title'],
  approver: ['approver', 'approved by', 'approver email', 'approver id', 'person', 'email', 'person id'],
  at: ['at', 'approved at', 'approved on', 'approval date', 'date', 'time', 'timestamp', 'when', 'signed at', 'signed on'],
  evidence: ['evidence', 'reference', 'record', 'link', 'url', 'minutes', 'document link', 'where'],
  version: ['version', 'policy version'],
  decision: ['decision', 'outcome', 'result'],
};
const REQUIRED: readonly Field[] = ['policy', 'approver', 'at', 'evidence'];

/** What to import. */
export interface ApprovalImportRequest {
  project: Project;
  /** The file as diagnostics name it, and the name each record keeps. */
  file: string;
  name: string;
  bytes: Uint8Array;
  dryRun?: boolean;
  now: Date;
}

/** What an import found and did. */
export interface ApprovalImportOutcome {
  rows: number;
  /** One or more per bad row; when there are any, nothing was written. */
  diagnostics: Diagnostic[];
  records: NewRecord<ApprovalRecord>[];
  appended: ApprovalEntry[];
}

/**
 * Records approvals given before precept from a CSV file (one row per decision: policy,
 * approver, when, evidence, and optionally version and decision), each as `precept approve --at
 * --evidence` would, bound to the policy's current text. Every row is checked first; any bad row
 * is a diagnostic at its line and cell and rejects the whole file.
 */
export async function importApprovalsCsv(request: ApprovalImportRequest): Promise<ApprovalImportOutcome> {
  const { project, file } = request;
  const outcome: ApprovalImportOutcome = { rows: 0, diagnostics: [], records: [], appended: [] };
  const report = (at: { line: number; column: number }, message: string, hint?: string, width?: number) => {
    outcome.diagnostics.push({ ...diagnosticAt(file, at, APPROVAL_IMPORT_RULE, 'error', message, hint), ...(width ? { endLine: at.line, endColumn: at.column + width } : {}) });
  };
  const { locale } = project.config;
  const say = (key: string, values?: PhraseValues) => sayIn(locale, `csv-import.${key}`, values);
  const date = (iso: string) => loadMessages(locale).reportDate(iso.slice(0, 10));
  const csv = readCsvFile(file, request.bytes, undefined, locale);
  if (!csv.ok) {
    report(csv, csv.message, csv.hint);
    return outcome;
  }
  const headers = csv.header.cells.map((c) => normalizeHeader(c.value));
  const columns: Partial<Record<Field, number>> = {};
  for (const field of Object.keys(APPROVAL_HEADERS) as Field[]) {
    const index = APPROVAL_HEADERS[field].map((h) => headers.indexOf(h)).find((i) => i >= 0 && !Object.values(columns).includes(i));
    if (index !== undefined) columns[field] = index;
    else if (REQUIRED.includes(field)) report({ line: csv.header.line, column: 1 }, say('approvals.column-none', { field, names: APPROVAL_HEADERS[field].slice(0, 4).join(', ') }));
  }
  if (outcome.diagnostics.length) return outcome;
  const ledger = await readLedger(project.root, project.config.paths.records, APPROVALS_LEDGER);
  if (ledger.diagnostics.length) {
    throw new PreceptError(say('csv.ledger-problems', { file: ledger.file }), { exitCode: 1, diagnostics: ledger.diagnostics, locale });
  }
  const history = approvalsByPolicy(ledger.entries);
  const since = await currentVersionsSince(project);
  const findPerson = personFinder(project.roster);
  const byTitle = new Map(project.policies.filter(isValidPolicy).map((p) => [p.meta.title.trim().toLowerCase(), p]));
  const settled = new Map<string, string | undefined>();
  const seen = new Map<string, number>();
  const fileHash = sha256(request.bytes);
  const width = csv.header.cells.length;
  const now = request.now.getTime();
  outcome.rows = csv.rows.length;
  for (const row of csv.rows) {
    const record = await checkRow(row);
    if (record) outcome.records.push(record);
  }
  if (outcome.diagnostics.length || request.dryRun || !outcome.records.length) return outcome;
  // Under the ledger's lock, against what other writers appended since it was read (another
  // import of the same file, `precept approve`): a decision recorded meanwhile rejects the file
  // as one recorded before would, and nothing is written.
  const same = (a: ApprovalRecord, b: NewRecord<ApprovalRecord>) => a.policy === b.policy && a.approver === b.approver && a.contentHash === b.contentHash && a.decision === b.decision;
  outcome.appended = await appendSelected(ledger.path, APPROVALS_LEDGER, { size: ledger.size, lines: ledger.lines }, (since) => {
    for (const r of outcome.records) {
      const recorded = since.find((e) => same(e.record, r));
      if (recorded) {
        report({ line: r.import?.line ?? 1, column: 1 }, say('approvals.recorded-raced', {
          person: r.approver, decision: r.decision, policy: r.policy, version: r.version, date: date(recorded.record.at), ledger: ledger.file, line: String(recorded.line),
        }), say('csv.remove-row'));
      }
    }
    return outcome.diagnostics.length ? [] : outcome.records;
  });
  return outcome;

  async function checkRow(row: CsvRow): Promise<NewRecord<ApprovalRecord> | undefined> {
    if (row.cells.length !== width) {
      report({ line: row.line, column: 1 }, say('csv.row-width', { count: row.cells.length, width }));
      return undefined;
    }
    const cell = (field: Field): CsvCell | undefined => (columns[field] === undefined ? undefined : row.cells[columns[field]!]);
    const bad = (c: CsvCell, message: string, hint?: string) => report({ line: c.line, column: c.column }, message, hint, Math.max(1, c.value.length));
    const [policyCell, approverCell, atCell, evidenceCell] = [cell('policy')!, cell('approver')!, cell('at')!, cell('evidence')!];
    let ok = true;
    const wanted = policyCell.value.trim();
    const policy: ValidPolicy | undefined = [...project.policies].filter(isValidPolicy).find((p) => p.id === wanted) ?? byTitle.get(wanted.toLowerCase());
    if (!policy) {
      ok = false;
      bad(policyCell, wanted ? say('csv.unknown-policy', { policy: wanted, suggest: nearest(wanted, project.policies.map((p) => p.id)) }) : say('csv.no-policy'), say('approvals.policy-hint'));
    } else if (policy.meta.status === 'retired') {
      ok = false;
      bad(policyCell, say('approvals.retired', { policy: policy.id }));
    }
    const person = findPerson(approverCell.value);
    if (!person) {
      ok = false;
      const who = approverCell.value.trim();
      bad(approverCell, who ? say('csv.unknown-person', { who, suggest: nearest(who, [...project.roster.people.keys()]) }) : say('approvals.no-approver'), say('approvals.person-hint', { roster: project.roster.file }));
    } else if (policy && !(policy.meta.approvers ?? []).includes(person.id)) {
      ok = false;
      const approvers = (policy.meta.approvers ?? []).join(', ');
      bad(approverCell, say('approvals.not-approver', { person: person.id, policy: policy.id, approvers, listed: approvers ? 'yes' : 'no' }), say('approvals.not-approver-hint'));
    }
    const at = parseAckTime(atCell.value);
    if (!at) {
      ok = false;
      bad(atCell, say('csv.bad-time', { text: atCell.value.trim() }), say('approvals.time-hint'));
    }
    const evidence = evidenceCell.value.replace(/\s+/g, ' ').trim();
    if (!evidence) {
      ok = false;
      bad(evidenceCell, say('approvals.no-evidence'));
    } else if (evidence.length > 2000) {
      ok = false;
      bad(evidenceCell, say('approvals.evidence-long', { length: evidence.length, limit: 2000 }));
    }
    const versionCell = cell('version');
    if (policy && versionCell && versionCell.value.trim() && versionCell.value.trim() !== policy.meta.version) {
      ok = false;
      bad(versionCell, say('approvals.version', { policy: policy.id, version: policy.meta.version, given: versionCell.value.trim() }));
    }
    const decisionCell = cell('decision');
    const decisionText = decisionCell?.value.trim().toLowerCase() || 'approved';
    const decision = ({ approved: 'approved', approve: 'approved', yes: 'approved', rejected: 'rejected', reject: 'rejected', no: 'rejected' } as const)[decisionText as 'approved'];
    if (!decision) {
      ok = false;
      bad(decisionCell!, say('approvals.decision', { decision: decisionCell!.value.trim() }));
    }
    if (!ok || !policy || !person || !at || !decision) return undefined;
    const problem = historicalProblem(policy, person, at, now, since.get(policy.id), locale);
    if (problem) {
      bad(atCell, problem);
      return undefined;
    }
    const hash = currentHash(policy, project.config.defaultFramework);
    const key = `${policy.id}\0${person.id}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      report({ line: row.line, column: 1 }, say('approvals.repeats', { earlier: String(earlier), person: person.id, policy: policy.id, version: policy.meta.version }));
      return undefined;
    }
    seen.set(key, row.line);
    const recorded = (history.get(policy.id) ?? []).find((e) => e.record.approver === person.id && e.record.contentHash === hash && e.record.decision === decision);
    if (recorded) {
      report({ line: row.line, column: 1 }, say('approvals.recorded', {
        person: person.id, decision, policy: policy.id, version: policy.meta.version, date: date(recorded.record.at), ledger: ledger.file, line: String(recorded.line),
      }), say('csv.remove-row'));
      return undefined;
    }
    if (!settled.has(policy.id)) {
      const { commit } = await checkVersionSettled(project, policy, hash, history.get(policy.id) ?? []);
      settled.set(policy.id, commit);
    }
    const commit = settled.get(policy.id);
    return {
      policy: policy.id, version: policy.meta.version, contentHash: hash, approver: person.id, decision,
      at: at.iso, source: 'import', recorded: ledgerInstant(now), evidence,
      import: { file: request.name, line: row.line, sha256: fileHash },
      ...(commit ? { commit } : {}),
    };
  }
}
