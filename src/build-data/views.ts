import type { IsoDate } from '../dates/calendar.js';
import type { ReviewState } from '../review/schedule.js';
import type { BumpKind } from '../versioning/bump.js';
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
  review: ReviewState & { cycle: string; cycleLabel: string; last: IsoDate | undefined };
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
  /** Filled by the approvals ledger (issue 5); undefined until then. */
  approvals: undefined;
  /** Filled by the acknowledgements ledger (issue 6); undefined until then. */
  acknowledgements: undefined;
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
