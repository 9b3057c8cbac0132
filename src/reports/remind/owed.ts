import type { IsoDate } from '../../core/dates/calendar.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { isActive } from '../../repo/project/roster.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import type { Person, ReminderItem } from '../../repo/schema/types.generated.js';
import { dueReport } from '../due/due.js';

/** One thing a person is reminded of, with the policy's title for the message. */
export interface OwedItem extends ReminderItem {
  title: string;
}

/** Everything one person owes, grouped by kind: what one reminder says. */
export interface PersonOwed {
  person: Person;
  acknowledgements: OwedItem[];
  reviews: OwedItem[];
  approvals: OwedItem[];
}

/** Someone who owes something but cannot be reminded, and why. */
export interface NotReminded {
  person: string;
  message: string;
}

/** Who owes what on a day, and who cannot be reminded. */
export interface Owed {
  asOf: IsoDate;
  people: PersonOwed[];
  notReminded: NotReminded[];
  /** What the underlying report says about itself (a ledger that failed verification). */
  notes: string[];
}

/**
 * Who owes what, per person, from the same report as `precept due`: acknowledgements overdue or
 * due within `withinDays` (staff), reviews overdue or due of the policies each person owns, and
 * approvals of current texts each listed approver has not given (a rejection is a decision, not
 * a debt). Owners and approvers who are not in the roster, or not on staff, cannot be reminded
 * and are listed in `notReminded`.
 */
export async function owedOn(project: Project, asOf: IsoDate, withinDays: number): Promise<Owed> {
  const report = await dueReport(project, asOf, withinDays);
  const titles = new Map(project.policies.filter(isValidPolicy).map((p) => [p.id, p.meta.title]));
  const byPerson = new Map<string, PersonOwed>();
  const notReminded = new Map<string, { kind: 'acknowledge' | 'review' | 'approve'; policy: string }[]>();
  const slot = (id: string, what: { kind: 'acknowledge' | 'review' | 'approve'; policy: string }): PersonOwed | undefined => {
    const person = project.roster.people.get(id)?.person;
    if (!person || !isActive(person, asOf)) {
      notReminded.set(id, [...(notReminded.get(id) ?? []), what]);
      return undefined;
    }
    let found = byPerson.get(id);
    if (!found) byPerson.set(id, (found = { person: person!, acknowledgements: [], reviews: [], approvals: [] }));
    return found;
  };
  for (const [state, list] of [['overdue', report.acknowledgements.overdue], ['due-soon', report.acknowledgements.dueSoon]] as const) {
    for (const p of list) {
      for (const item of p.items) {
        slot(p.person, { kind: 'acknowledge', policy: item.policy })?.acknowledgements.push({ kind: 'acknowledgement', policy: item.policy, version: item.version, state, due: item.deadline, title: titles.get(item.policy) ?? item.policy });
      }
    }
  }
  for (const r of report.reviews) {
    slot(r.owner, { kind: 'review', policy: r.policy })?.reviews.push({ kind: 'review', policy: r.policy, version: r.version, state: r.state, due: r.next, title: r.title });
  }
  for (const a of report.approvals) {
    for (const w of a.waitingFor) {
      if (w.state !== 'missing' && w.state !== 'stale') continue;
      slot(w.person, { kind: 'approve', policy: a.policy })?.approvals.push({ kind: 'approval', policy: a.policy, version: a.version, state: w.state, title: a.title });
    }
  }
  const overdueFirst = (a: OwedItem, b: OwedItem) => (a.state === b.state ? 0 : a.state === 'overdue' ? -1 : b.state === 'overdue' ? 1 : 0) || (a.due ?? '').localeCompare(b.due ?? '') || a.policy.localeCompare(b.policy);
  const people = [...byPerson.values()].sort((a, b) => (a.person.id < b.person.id ? -1 : 1));
  for (const p of people) for (const list of [p.acknowledgements, p.reviews, p.approvals]) list.sort(overdueFirst);
  return {
    asOf,
    people,
    notReminded: [...notReminded].sort(([a], [b]) => (a < b ? -1 : 1)).map(([person, what]) => {
      // Said in the repo's language, as `due`'s notes are; read only when someone cannot be reminded.
      const m = loadMessages(project.config.locale);
      const message = m.t('notes.not-reminded', {
        person, what: what.map((w) => m.t('notes.owed-item', w)).join(m.t('notes.owed-separator')),
        reason: project.roster.people.has(person) ? 'offstaff' : 'unknown', date: m.reportDate(asOf), roster: project.roster.file,
      });
      return { person, message };
    }),
    notes: report.notes,
  };
}
