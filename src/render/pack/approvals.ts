import type { IsoDate } from '../../core/dates/calendar.js';
import type { Messages } from '../../core/i18n/messages.js';
import { clip, type DayRange } from './days.js';
import type { PackApproval } from './records.js';
import type { VersionInForce } from './versions.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const byVersion = new WeakMap<readonly PackApproval[], Map<string, PackApproval[]>>();

/** The decisions on a version (any of its texts), in the order they were taken. */
export function decisionsOn(v: VersionInForce, approvals: readonly PackApproval[]): PackApproval[] {
  // Indexed once per set of records: the register, the log and the findings all ask, for every version.
  let index = byVersion.get(approvals);
  if (!index) {
    byVersion.set(approvals, (index = new Map()));
    for (const a of approvals) {
      const key = `${a.policy}\u0000${a.version}`;
      const list = index.get(key);
      if (list) list.push(a);
      else index.set(key, [a]);
    }
    for (const list of index.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
  return index.get(`${v.id}\u0000${v.version}`) ?? [];
}

/** One text of a version in force and the days it was the text in force (within the version's spans). */
export interface TextInForce {
  contentHash: string;
  approvers: string[];
  days: DayRange[];
}

/**
 * Which text of a version was in force on which days: its first approved text from the day it took
 * effect, each later approved text (an edit without a new version) from the day it was committed.
 */
export function textsInForce(v: VersionInForce, within: DayRange): TextInForce[] {
  // A day's text is the last one committed that day; days before the first such day have the
  // first day's (history recorded after the version took effect). One content hash is one text.
  const eras: { contentHash: string; approvers: string[]; start: IsoDate }[] = [];
  for (const r of v.revisions) {
    const last = eras[eras.length - 1];
    const start = r.date === v.revisions[0]!.date ? '0000-01-01' : r.date;
    const era = { contentHash: r.contentHash, approvers: strings(r.meta['approvers']), start };
    if (last && last.start === start) eras[eras.length - 1] = era;
    else if (last?.contentHash !== r.contentHash) eras.push(era);
  }
  const out: TextInForce[] = [];
  eras.forEach((era, i) => {
    const end = eras[i + 1]?.start;
    const days = v.spans
      .map((s) => clip(era.start > s.from ? era.start : s.from, end !== undefined && (s.until === undefined || end < s.until) ? end : s.until, within))
      .filter((d): d is DayRange => d !== undefined);
    const same = out.find((t) => t.contentHash === era.contentHash);
    if (same) same.days.push(...days);
    else out.push({ contentHash: era.contentHash, approvers: era.approvers, days });
  });
  return out.filter((t) => t.days.length);
}

/** When each required approver's approval of one text held: from their approving decision until a later rejection. */
function approvedDays(approver: string, contentHash: string, decisions: readonly PackApproval[]): { held: DayRange[]; first: PackApproval | undefined; rejected: PackApproval | undefined } {
  const held: DayRange[] = [];
  let since: IsoDate | undefined;
  let first: PackApproval | undefined;
  let rejected: PackApproval | undefined;
  for (const d of decisions) {
    if (d.approver !== approver || (d.contentHash !== undefined && d.contentHash !== contentHash)) continue;
    const day = d.at.slice(0, 10);
    if (d.decision === 'approved') {
      first ??= d;
      since ??= day;
    } else {
      rejected = d;
      if (since !== undefined && since < day) held.push({ from: since, until: day });
      since = undefined;
    }
  }
  if (since !== undefined) held.push({ from: since, until: '9999-12-31' });
  return { held, first, rejected };
}

/** One stretch of days a version was in force without every approval, and whose approval was missing. */
export interface ApprovalGap extends DayRange {
  missing: { approver: string; approved: PackApproval | undefined; rejected: PackApproval | undefined }[];
}

/** The days each text of a version was in force without the approval of every listed approver. */
export function approvalGaps(v: VersionInForce, approvals: readonly PackApproval[], within: DayRange): ApprovalGap[] {
  const decisions = decisionsOn(v, approvals);
  const out: ApprovalGap[] = [];
  for (const text of textsInForce(v, within)) {
    const states = text.approvers.map((approver) => ({ approver, ...approvedDays(approver, text.contentHash, decisions) }));
    // Cut the text's days at every change of anyone's approval, and keep the pieces someone had not approved.
    const cuts = new Set<IsoDate>();
    for (const d of text.days) cuts.add(d.from).add(d.until);
    for (const s of states) for (const h of s.held) cuts.add(h.from).add(h.until);
    const points = [...cuts].sort();
    for (const d of text.days) {
      for (let i = 0; i + 1 < points.length; i++) {
        const piece = clip(points[i]!, points[i + 1], d);
        if (!piece) continue;
        const missing = states.filter((s) => !s.held.some((h) => h.from <= piece.from && piece.from < h.until))
          .map((s) => ({ approver: s.approver, approved: s.first, rejected: s.rejected }));
        if (!missing.length) continue;
        const last = out[out.length - 1];
        if (last && last.until === piece.from && sameApprovers(last.missing, missing)) last.until = piece.until;
        else out.push({ ...piece, missing });
      }
    }
  }
  return out;
}

const sameApprovers = (a: ApprovalGap['missing'], b: ApprovalGap['missing']) => a.map((x) => x.approver).join() === b.map((x) => x.approver).join();

/** The day a version's text (the one shown) had every listed approval, from the same records the log prints. */
export function approvedComplete(v: VersionInForce, approvals: readonly PackApproval[]): { date: IsoDate; count: number } | undefined {
  const approvers = strings(v.meta['approvers']);
  if (!approvers.length) return undefined;
  const decisions = decisionsOn(v, approvals);
  const days: IsoDate[] = [];
  for (const approver of approvers) {
    const { held } = approvedDays(approver, v.contentHash, decisions);
    const holding = held[held.length - 1];
    if (!holding || holding.until !== '9999-12-31') return undefined;
    days.push(holding.from);
  }
  return { date: days.sort().pop()!, count: approvers.length };
}

/** How the pack names where an approval came from (ledger source, pull request and reviewer, import evidence). */
export function approvalSourceText(a: PackApproval, messages: Messages, github: (person: string) => string | undefined): string {
  const source = sourceText(a, messages, github);
  const proof = a.proof;
  // How the decision is proven to be the approver's: an SSH signature says so whatever the source.
  if (proof?.method === 'ssh-signature') {
    return `${source}; ${proof.verified
      ? messages.t('pack.approvals.proof-ssh', { fingerprint: proof.fingerprint })
      : messages.t('pack.approvals.proof-ssh-invalid', { problem: proof.problem })}`;
  }
  if (proof?.method === 'unsigned') return `${source}; ${messages.t('pack.approvals.proof-unsigned')}`;
  return source;
}

function sourceText(a: PackApproval, messages: Messages, github: (person: string) => string | undefined): string {
  const pr = /^github:([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)#(\d+)$/.exec(a.source);
  if (pr) {
    // The reviewer's login as GitHub reported it with the review; older records: the roster's.
    const login = a.proof?.method === 'github-review' && a.proof.reviewer ? a.proof.reviewer : github(a.approver);
    const where = { repo: `${pr[1]}/${pr[2]}`, pr: pr[3] };
    if (login && a.review !== undefined) return messages.t('pack.approvals.from-github-review', { ...where, login, review: a.review });
    return login ? messages.t('pack.approvals.from-github-login', { ...where, login }) : messages.t('pack.approvals.from-github', where);
  }
  if (a.source === 'cli') return messages.t('pack.approvals.from-cli');
  if (a.source === 'import' || a.evidence !== undefined) {
    const recorded = a.recorded ? messages.date(a.recorded.slice(0, 10)) : '';
    return a.evidence
      ? messages.t(recorded ? 'pack.approvals.from-import-evidence-recorded' : 'pack.approvals.from-import-evidence', { evidence: a.evidence, recorded })
      : messages.t('pack.approvals.from-import');
  }
  return a.source;
}
