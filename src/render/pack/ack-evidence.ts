import { addDays, daysBetween, type IsoDate } from '../../core/dates/calendar.js';
import { csvDocument } from '../../core/output/csv.js';
import type { AckPeriodReport } from '../../records/acks/period.js';
import type { AckRequirement } from '../../records/acks/requirements.js';
import { inGroup } from '../../repo/project/roster.js';
import type { Roster } from '../../repo/project/types.js';
import type { Period } from './period.js';

/** What became of one requirement by the end of the period. */
export type AckOutcome = 'on-time' | 'late' | 'missing' | 'pending' | 'lapsed';

/** One person's duty to acknowledge one MAJOR series of one policy during the period: a row an auditor can sample. */
export interface AckEvidenceRow {
  policy: string;
  title: string;
  /** The MAJOR step owed (the series' first version) and the day it took effect. */
  series: string;
  seriesFrom: IsoDate;
  /** The version in force on the day the requirement was judged. */
  version: string;
  person: string;
  name: string;
  email: string;
  /** The later of the person's start and the series' first day: when the grace period began. */
  requiredFrom: IsoDate;
  deadline: IsoDate;
  /** The acknowledgement that counted (the earliest of the series by the day judged). */
  acknowledgedAt: string | undefined;
  acknowledgedVersion: string | undefined;
  /** portal, cli or import, as the ledger records it, and where it sits (ledger line, imported file and row). */
  source: string | undefined;
  sourceDetail: string | undefined;
  outcome: AckOutcome;
  /** Days after the deadline an acknowledgement came (late), or the deadline passed by the day judged (missing). */
  daysLate: number | undefined;
  /** The day judged: the period's end, the day the person left, or the day before a new MAJOR version replaced it. */
  judged: IsoDate;
}

/** Someone on staff at some point during the period. */
export interface PopulationRow {
  person: string;
  name: string;
  email: string;
  groups: string[];
  start: IsoDate | undefined;
  end: IsoDate | undefined;
  joined: boolean;
  left: boolean;
}

function outcomeOf(r: AckRequirement): AckOutcome {
  if (r.state === 'acknowledged') return r.late ? 'late' : 'on-time';
  if (r.state === 'overdue') return 'missing';
  return r.state;
}

/** Every requirement of the period as a row, by policy title, series and name. */
export function ackEvidenceRows(report: AckPeriodReport, roster: Roster, ledgerFile: string): AckEvidenceRow[] {
  const rows: AckEvidenceRow[] = [];
  for (const p of report.policies) {
    const seriesFrom = new Map(p.series.map((s) => [s.version, s.effective]));
    for (const r of p.requirements) {
      const person = roster.people.get(r.person)?.person;
      const a = r.acknowledgement;
      const outcome = outcomeOf(r);
      const imported = a?.record.import;
      rows.push({
        policy: p.policy,
        title: p.title,
        series: r.step.version,
        seriesFrom: seriesFrom.get(r.step.version) ?? r.step.effective,
        version: r.version,
        person: r.person,
        name: person?.name ?? r.person,
        email: person?.email ?? '',
        requiredFrom: addDays(r.deadline, -report.graceDays),
        deadline: r.deadline,
        acknowledgedAt: a?.record.at,
        acknowledgedVersion: a?.record.version,
        source: a?.record.source,
        sourceDetail: a ? (imported ? `${imported.file}:${imported.line}` : `${ledgerFile}:${a.line}`) : undefined,
        outcome,
        daysLate: outcome === 'late' ? daysBetween(r.deadline, a!.record.at.slice(0, 10)) : outcome === 'missing' ? daysBetween(r.deadline, r.judged) : undefined,
        judged: r.judged,
      });
    }
  }
  return rows.sort((x, y) => x.title.localeCompare(y.title, 'en') || (x.policy < y.policy ? -1 : x.policy > y.policy ? 1 : 0)
    || (x.seriesFrom < y.seriesFrom ? -1 : x.seriesFrom > y.seriesFrom ? 1 : 0) || x.name.localeCompare(y.name, 'en') || (x.person < y.person ? -1 : 1));
}

/** Everyone on staff on any day of the period, with who joined and who left during it. */
export function populationRows(roster: Roster, period: Period): PopulationRow[] {
  const rows: PopulationRow[] = [];
  for (const { person } of roster.people.values()) {
    if (person.start !== undefined && person.start > period.to) continue;
    if (person.end !== undefined && person.end < period.from) continue;
    rows.push({
      person: person.id, name: person.name, email: person.email,
      groups: [...roster.groups.keys()].filter((g) => inGroup(roster, person, g)),
      start: person.start, end: person.end,
      joined: person.start !== undefined && person.start >= period.from,
      left: person.end !== undefined && person.end <= period.to,
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.person < b.person ? -1 : 1));
}

/** The requirements as CSV, the same rows the appendix prints, for an auditor's own sampling. */
export function ackEvidenceCsv(rows: readonly AckEvidenceRow[]): string {
  return csvDocument(
    ['policy', 'policy_title', 'series', 'series_from', 'version', 'person', 'name', 'email', 'required_from', 'deadline',
      'acknowledged_at', 'acknowledged_version', 'source', 'source_detail', 'outcome', 'days_late', 'judged_on'],
    rows.map((r) => [r.policy, r.title, r.series, r.seriesFrom, r.version, r.person, r.name, r.email, r.requiredFrom, r.deadline,
      r.acknowledgedAt, r.acknowledgedVersion, r.source, r.sourceDetail, r.outcome, r.daysLate, r.judged]),
  );
}

/** The population as CSV. */
export function populationCsv(rows: readonly PopulationRow[]): string {
  return csvDocument(
    ['person', 'name', 'email', 'groups', 'start', 'end', 'joined_during_period', 'left_during_period'],
    rows.map((r) => [r.person, r.name, r.email, r.groups.join(' '), r.start, r.end, r.joined, r.left]),
  );
}
