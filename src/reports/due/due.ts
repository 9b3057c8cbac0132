import { sayIn } from '../../core/i18n/messages.js';
import { loadAckModel } from '../../records/acks/model.js';
import { requirementsOn } from '../../records/acks/requirements.js';
import { approvalOverview } from '../../records/approvals/overview.js';
import { addDays, daysBetween, type IsoDate } from '../../core/dates/calendar.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import { reviewState } from '../../repo/review-schedule/schedule.js';
import { versionInForce } from '../../history/timeline/in-force.js';

/** A review due within the window, or overdue. */
export interface DueReview {
  policy: string;
  title: string;
  file: string;
  version: string;
  owner: string;
  next: IsoDate;
  state: 'overdue' | 'due-soon';
  /** Days until due (negative when overdue). */
  daysLeft: number;
}

/** One acknowledgement a person owes. */
export interface DueAck {
  policy: string;
  version: string;
  deadline: IsoDate;
  /** Days until the deadline (negative when overdue). */
  daysLeft: number;
}

/** What one person owes: overdue, or due within the window. */
export interface PersonDue {
  person: string;
  name: string;
  email: string;
  items: DueAck[];
}

/** A policy whose current text still lacks approvals. */
export interface MissingApproval {
  policy: string;
  title: string;
  version: string;
  status: string;
  waitingFor: { person: string; state: string }[];
}

/** `precept due`: what needs doing, for a scheduled job to post. */
export interface DueReport {
  asOf: IsoDate;
  withinDays: number;
  until: IsoDate;
  reviews: DueReview[];
  acknowledgements: { overdue: PersonDue[]; dueSoon: PersonDue[] };
  approvals: MissingApproval[];
  notes: string[];
}

function byPerson(items: { person: string; item: DueAck }[], project: Project): PersonDue[] {
  const grouped = new Map<string, DueAck[]>();
  for (const { person, item } of items) {
    const list = grouped.get(person);
    if (list) list.push(item);
    else grouped.set(person, [item]);
  }
  return [...grouped].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, list]) => {
    const p = project.roster.people.get(id)!.person;
    return { person: id, name: p.name, email: p.email, items: list.sort((a, b) => a.daysLeft - b.daysLeft || (a.policy < b.policy ? -1 : 1)) };
  });
}

/**
 * Everything coming due by `asOf + withinDays` or already late: reviews of approved and in-review
 * policies, acknowledgements (by the rules of `acks status`), and approvals the current texts lack.
 */
export async function dueReport(project: Project, asOf: IsoDate, withinDays: number): Promise<DueReport> {
  const until = addDays(asOf, withinDays);
  const model = await loadAckModel(project);
  const timelines = new Map(model.timelines.map((t) => [t.policy, t]));
  const reviews: DueReview[] = [];
  for (const p of project.policies.filter(isValidPolicy)) {
    // The review that matters is the version in force's (docs/timeline.md); a draft of the next
    // version does not move it. With nothing in force yet, the working tree's own schedule.
    const t = timelines.get(p.id);
    const index = t ? versionInForce(t, asOf) : undefined;
    const inForce = index !== undefined ? t!.versions[index] : undefined;
    if (!inForce && p.meta.status !== 'approved' && p.meta.status !== 'in-review') continue;
    const schedule = inForce?.review
      ? { review: { cycle: inForce.review.cycle, ...(inForce.review.last ? { last: inForce.review.last } : {}) }, ...(inForce.effective ? { effective: inForce.effective } : {}) }
      : p.meta;
    const state = reviewState(schedule, asOf, withinDays);
    if (state.status !== 'overdue' && state.status !== 'due-soon') continue;
    reviews.push({
      policy: p.id, title: p.meta.title, file: p.file, version: inForce?.version ?? p.meta.version, owner: p.meta.owner,
      next: state.next!, state: state.status, daysLeft: state.daysLeft!,
    });
  }
  reviews.sort((a, b) => a.daysLeft - b.daysLeft || (a.policy < b.policy ? -1 : 1));
  const overdue: { person: string; item: DueAck }[] = [];
  const soon: { person: string; item: DueAck }[] = [];
  for (const r of requirementsOn(model, asOf)) {
    const item = { policy: r.policy, version: r.version, deadline: r.deadline, daysLeft: daysBetween(asOf, r.deadline) };
    if (r.state === 'overdue') overdue.push({ person: r.person, item });
    else if (r.state === 'pending' && r.deadline <= until) soon.push({ person: r.person, item });
  }
  const { policies, intact } = await approvalOverview(project);
  const approvals = policies
    .filter((p) => (p.status === 'approved' || p.status === 'in-review') && p.approvers.length && !p.complete)
    .map((p) => ({
      policy: p.policy, title: p.title, version: p.version, status: p.status,
      waitingFor: p.approvers.filter((a) => a.state !== 'approved').map((a) => ({ person: a.person, state: a.state })),
    }));
  const notes = [...model.notes];
  if (!intact) notes.push(sayIn(project.config.locale, 'notes.approvals-unverified'));
  return { asOf, withinDays, until, reviews, acknowledgements: { overdue: byPerson(overdue, project), dueSoon: byPerson(soon, project) }, approvals, notes };
}
