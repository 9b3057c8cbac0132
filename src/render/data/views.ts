import type { AckShare } from '../../records/acks/shares.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { ReviewState } from '../../repo/review-schedule/schedule.js';
import type { BumpKind } from '../../repo/versioning/bump.js';
import type { FieldChange } from '../../repo/versioning/fields.js';
import type { BodyRef, RedlineRef } from './bodies.js';

/** A person as pages show them. */
export interface PersonView {
  id: string;
  name: string;
  email: string | undefined;
  roles: string[];
  /** Whether the id is on the roster at all. */
  known: boolean;
  /** On staff on the build's date. */
  active: boolean;
}

/** A roster group as pages show it. */
export interface GroupView {
  id: string;
  name: string;
  known: boolean;
}

/** A criterion a policy or control maps. */
export interface CriterionRefView {
  framework: string;
  id: string;
  title: string;
  known: boolean;
  inScope: boolean;
}

/** Criteria of one framework. */
export interface CriteriaGroupView {
  framework: string;
  name: string;
  short: string;
  items: CriterionRefView[];
}

/** A link to a policy (related, setting a control, covering a criterion). */
export interface PolicyLinkView {
  id: string;
  title: string;
  status: string;
  known: boolean;
  /** The language the policy is written in (its `lang`, else the config's locale). */
  lang: string;
}

/** A link to a control. */
export interface ControlLinkView {
  id: string;
  title: string;
  known: boolean;
}

/** One version of a policy: from git history, or the working tree's current one. */
export interface VersionView {
  version: string;
  /** Path segment of its page: policies/<id>/v/<slug>/. */
  slug: string;
  /** 1-based position in the policy's history. */
  number: number;
  /** The commit that set this version number, and its date (undefined for an uncommitted version). */
  commit: string | undefined;
  shortCommit: string | undefined;
  date: IsoDate | undefined;
  author: string | undefined;
  subject: string | undefined;
  /** Commits under this version number (edits without a bump). */
  revisions: number;
  title: string;
  effective: string | undefined;
  /** The step from the version before. */
  kind: BumpKind | 'first';
  previous: { version: string; slug: string } | undefined;
  next: { version: string; slug: string } | undefined;
  current: boolean;
  /** The working tree holds changes to this version not yet committed. */
  uncommitted: boolean;
  body: BodyRef;
  /** Against the version before (undefined for the first). */
  redline: RedlineRef | undefined;
  /** The frontmatter fields that differ from the version before (empty for the first). */
  fields: FieldChange[];
  /** Person ids of its `approvers:`. */
  approverIds: string[];
  /** The decisions recorded on this version's text; undefined when its text could not be read. */
  approvals: ApprovalsView | undefined;
  /** Whether it is in force on the build's day, by the timeline (docs/timeline.md). */
  inForce: VersionInForceView;
}

/**
 * A version's standing on the build's day: in force (since `from`), was in force (`from` until
 * `until`, ended by `end`), takes effect later (`from`), or never in force (a draft, in review).
 */
export interface VersionInForceView {
  state: 'in-force' | 'was' | 'upcoming' | 'never';
  from: IsoDate | undefined;
  until: IsoDate | undefined;
  end: 'superseded' | 'retired' | 'removed' | undefined;
}

/** One decision recorded in records/approvals.jsonl, as pages show it. */
export interface ApprovalDecisionView {
  person: PersonView;
  decision: 'approved' | 'rejected';
  /** When, as recorded (YYYY-MM-DDTHH:MM:SSZ), and its UTC day and time of day (HH:MM). */
  at: string;
  date: IsoDate;
  time: string;
  /** `cli`, or the pull request (`github:acme/policies#42`), and how pages name and link it. */
  source: string;
  sourceLabel: string;
  sourceHref: string | undefined;
  /** `owner/repo#12` when the decision came from a GitHub pull request (the portal names it in its language). */
  sourcePr: string | undefined;
  note: string | undefined;
  /** The record's line in the ledger. */
  line: number;
  /** By a listed approver of the text (decisions of others do not count). */
  counts: boolean;
  /** The same person decided again on the same text later: that later decision stands. */
  superseded: boolean;
}

/** Where one text of a policy stands with its approvers (src/approvals). */
export interface ApprovalsView {
  version: string;
  contentHash: string;
  /** The policy's current text (else an earlier version's). */
  current: boolean;
  /** False when records/approvals.jsonl failed verification: pages say so. */
  intact: boolean;
  /** Every decision recorded on exactly this text, oldest first. */
  decisions: ApprovalDecisionView[];
  /** Listed approvers, and how many of them approved this text (their latest decision). */
  required: number;
  approved: number;
  complete: boolean;
  /** Listed approvers whose latest decision on this text is a rejection. */
  rejectedBy: PersonView[];
  /** Listed approvers with no decision on this text; `previous` is their decision on an earlier text (current text only). */
  waiting: { person: PersonView; previous: { version: string; date: IsoDate; decision: string } | undefined }[];
}

/** How far a policy's acknowledgements are, as of the build's date (src/records/acks/shares.ts). */
export interface PolicyAckView {
  asOf: IsoDate;
  /** False when records/acknowledgements.jsonl failed verification. */
  intact: boolean;
  /** The share of the version in force; undefined when nobody is required to acknowledge anything on that day. */
  share: AckShare | undefined;
}

/** Everything the portal (and other stages) show about one policy. */
export interface PolicyView {
  id: string;
  file: string;
  title: string;
  summary: string | undefined;
  aliases: string[];
  version: string;
  status: 'draft' | 'in-review' | 'approved' | 'retired';
  classification: string;
  effective: IsoDate | undefined;
  owner: PersonView;
  approvers: PersonView[];
  review: ReviewState & { cycle: string; last: IsoDate | undefined };
  /** The language the policy is written in: its `lang`, else the config's locale. */
  lang: string;
  /** The id of the policy this one translates (`translationOf`). */
  translationOf: string | undefined;
  audience: GroupView[];
  criteria: CriteriaGroupView[];
  controls: ControlLinkView[];
  related: PolicyLinkView[];
  /** Policies that list this one as related. */
  relatedBy: PolicyLinkView[];
  /** What approvals and acknowledgements bind to (src/content-hash). */
  contentHash: string;
  /** Oldest first; the last is the current version. */
  versions: VersionView[];
  current: VersionView;
  /** Who approved the current text, when, and who is still to decide (records/approvals.jsonl). */
  approvals: ApprovalsView;
  /** The share of the audience who acknowledged the version in force (records/acknowledgements.jsonl). */
  acknowledgements: PolicyAckView;
}

/** A control with what maps to it. */
export interface ControlView {
  id: string;
  title: string;
  description: string | undefined;
  file: string;
  owner: PersonView;
  criteria: CriteriaGroupView[];
  evidence: { what: string; frequency: string; schedule: string | undefined }[];
  /** Policies whose `controls:` list it. */
  policies: PolicyLinkView[];
}

/** How one criterion is covered. */
export interface CriterionCoverage {
  framework: string;
  id: string;
  title: string;
  summary: string | undefined;
  group: string | undefined;
  inScope: boolean;
  /** Every policy mapping it; only approved and in-review ones count as coverage. */
  policies: (PolicyLinkView & { counts: boolean })[];
  controls: ControlLinkView[];
  state: 'covered' | 'gap' | 'out-of-scope';
  coveredBy: 'policy' | 'control' | undefined;
}

/** Coverage counts of a framework group (a SOC 2 category, an ISO 27001 theme) or a whole framework. */
export interface CoverageCounts {
  /** Criteria in scope. */
  total: number;
  byPolicy: number;
  /** Covered by a control but by no policy in force. */
  byControlOnly: number;
  gaps: number;
  outOfScope: number;
}

/** A framework's coverage: per group and per criterion (grouped by family). */
export interface FrameworkCoverage {
  id: string;
  name: string;
  short: string;
  edition: string | undefined;
  inScope: boolean;
  totals: CoverageCounts;
  groups: (CoverageCounts & { id: string; name: string; inScope: boolean })[];
  families: { id: string; name: string; criteria: CriterionCoverage[] }[];
  criteria: CriterionCoverage[];
}
