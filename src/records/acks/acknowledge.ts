import { sayIn } from '../../core/i18n/messages.js';
import { findPolicy } from '../approvals/approve.js';
import { toIsoDate } from '../../core/dates/calendar.js';
import { PreceptError } from '../../core/errors.js';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { nearest } from '../../core/i18n/phrase.js';
import { appendSelected, type NewRecord } from '../ledger/append.js';
import { isActive } from '../../repo/project/roster.js';
import type { Project } from '../../repo/project/types.js';
import type { AcknowledgementRecord } from '../../repo/schema/types.generated.js';
import { ackKey, type AckEntry } from './ack-index.js';
import { ledgerInstant, parseAckTime } from './ack-time.js';
import type { LoadedAckModel } from './model.js';
import { versionInForce } from '../../history/timeline/in-force.js';
import { acknowledgeableNow, pastAckProblem, personFinder, timelineOf } from './validity.js';
import { hashAt, latestHash } from '../../history/timeline/model.js';

/** A one-off acknowledgement to record from the command line. */
export interface AckRequest {
  project: Project;
  model: LoadedAckModel;
  /** A policy id or file path. */
  policy: string;
  /** A person id or email. */
  person: string;
  /** Default: the version in force (on `at`'s day when given), else the next approved one. */
  version?: string | undefined;
  /** When the person acknowledged, if earlier than now (a paper form, an email). */
  at?: string | undefined;
  note?: string | undefined;
  now: Date;
}

/** What `acknowledge` did. */
export interface AckResult {
  entry: AckEntry;
  recorded: boolean;
  /** Things to tell the person running it. */
  notes: string[];
}

/**
 * Records that a person acknowledged a version of a policy: now (the version must be in force or
 * approved and upcoming, and the person on staff), or at an earlier time (`at`: by the import's
 * rules). The same person, policy and version already on record writes nothing.
 */
export async function acknowledge(request: AckRequest): Promise<AckResult> {
  const { project, model, now } = request;
  const policy = findPolicy(project, request.policy);
  const timeline = timelineOf(model, policy.id);
  if (!timeline) throw failure('records.policy-errors-ack', { file: policy.file }, { exitCode: 1 });
  const person = personFinder(model.roster)(request.person);
  if (!person) throw usageFailure('cli.unknown-person', { person: request.person, roster: model.roster.file, suggest: nearest(request.person, [...model.roster.people.keys()]) });
  if (!model.intact) {
    throw failure('records.ledger-problems', { file: model.ledger.file }, { exitCode: 1, diagnostics: model.ledger.diagnostics });
  }
  const notes: string[] = [...model.notes];
  let fields: NewRecord<AcknowledgementRecord>;
  if (request.at !== undefined) {
    const time = parseAckTime(request.at);
    if (!time) throw usageFailure('cli.at-ack', { value: request.at });
    const wanted = request.version ?? (() => {
      const i = versionInForce(timeline, time.date);
      if (i === undefined) throw failure('records.none-in-force', { policy: policy.id, date: time.date }, { exitCode: 1 });
      return timeline.versions[i]!.version;
    })();
    const v = timeline.versions.find((k) => k.version === wanted);
    if (!v) throw failure('records.no-version', { policy: policy.id, version: wanted, known: timeline.versions.map((k) => k.version).join(', ') }, { exitCode: 1 });
    const { locale } = project.config;
    const problem = pastAckProblem(timeline, v, person, time, now.getTime(), locale);
    if (problem) throw new PreceptError(problem.message, { exitCode: 1, locale });
    fields = {
      policy: policy.id, version: v.version, contentHash: hashAt(v, time.instant), person: person.id,
      at: time.iso, source: 'cli', recorded: ledgerInstant(now.getTime()),
    };
  } else {
    const day = toIsoDate(now);
    if (!isActive(person, day)) throw failure('records.off-staff-ack', { person: person.id, date: day, roster: model.roster.file }, { exitCode: 1 });
    const i = versionInForce(timeline, day);
    const wanted = request.version ?? (i !== undefined ? timeline.versions[i]!.version
      : timeline.versions.find((v) => v.status === 'approved')?.version ?? timeline.versions[timeline.versions.length - 1]!.version);
    const ok = acknowledgeableNow(model, policy.id, wanted, day, project.config.locale);
    if ('code' in ok) throw new PreceptError(ok.message, { exitCode: 1, locale: project.config.locale });
    fields = { policy: policy.id, version: ok.version.version, contentHash: latestHash(ok.version), person: person.id, at: ledgerInstant(now.getTime()), source: 'cli' };
  }
  if (request.note) fields.note = request.note;
  const v = timeline.versions.find((k) => k.version === fields.version)!;
  if (!v.audience.some((g) => model.roster.groups.get(g)?.group.everyone || person.groups?.includes(g))) {
    notes.push(sayIn(project.config.locale, 'notes.not-in-audience', { person: person.id, policy: policy.id, version: v.version, audience: v.audience.join(', '), listed: v.audience.length ? 'yes' : 'no' }));
  }
  const existing = model.acks.find(person.id, policy.id, fields.version);
  if (existing) return { entry: existing, recorded: false, notes };
  // Checked again under the lock: another `precept ack` (or the portal) may have written it since the model was read.
  const key = ackKey(fields);
  const raced: { entry?: AckEntry | undefined } = {};
  const [entry] = await appendSelected(model.ledger.path, model.ledger.kind, { size: model.ledger.size, lines: model.ledger.lines }, (since) => {
    raced.entry = since.find((e) => ackKey(e.record) === key);
    return raced.entry ? [] : [fields];
  });
  if (raced.entry) return { entry: raced.entry, recorded: false, notes };
  model.acks.add(entry!);
  return { entry: entry!, recorded: true, notes };
}
