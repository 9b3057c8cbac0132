import { isIsoDate } from '../../core/dates/calendar.js';
import type { Messages } from '../../core/i18n/messages.js';
import type { Roster } from '../../repo/project/types.js';
import type { Paper, PrintJob } from '../pdf/print-job.js';
import { themePrintJob } from '../pdf/templates.js';
import { shippedTemplates } from './running-text.js';
import type { Theme } from '../theme/theme.js';
import type { AckEvidenceRow, PopulationRow } from './ack-evidence.js';
import { approvalSourceText, approvedComplete, decisionsOn } from './approvals.js';
import type { ControlRow } from './controls.js';
import type { CoverageTable } from './coverage.js';
import type { PackExceptions } from './exceptions.js';
import type { PackManifest } from './manifest.js';
import type { Period } from './period.js';
import type { PackRecords } from './records.js';
import type { VersionInForce } from './versions.js';
import type { AckPeriodReport } from '../../records/acks/period.js';

/** What every pack page template gets. */
export interface PackContext {
  theme: Theme;
  messages: Messages;
  paper: Paper;
  organization: string;
  period: Period;
}

/** A front-matter or appendix section: a `site/pdf/pack/<name>.hbs` page with the pack's header and footer. */
export async function sectionJob(ctx: PackContext, name: string, data: Record<string, unknown>): Promise<PrintJob> {
  const job = await themePrintJob(
    ctx.theme,
    { page: `pdf/pack/${name}.hbs`, header: 'pdf/pack/header.hbs', footer: 'pdf/pack/footer.hbs' },
    { organization: ctx.organization, period: ctx.period, lang: ctx.messages.locale, ...data },
    ctx.paper,
  );
  // With precept's own header and footer, the pack draws them (RunningText.drawPack). Untagged: the pack copies only its pages.
  return packRunningDrawn(ctx.theme) ? { ...job, header: '', footer: '', tagged: false } : { ...job, tagged: false };
}

/** Whether the pack draws its sections' header and footer itself: the theme's are precept's own. */
export function packRunningDrawn(theme: Theme): boolean {
  return shippedTemplates(theme, ['pdf/pack/header.hbs', 'pdf/pack/footer.hbs']);
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** How a version's time in force reads in the register, the contents and bookmarks. */
export function inForceLabel(v: Pick<VersionInForce, 'from' | 'until' | 'endReason'>, m: Messages): string {
  if (!v.until) return m.t('pack.in-force.from', { from: m.date(v.from) });
  return m.t('pack.in-force.until', { from: m.date(v.from), until: m.date(v.until), reason: v.endReason ?? 'superseded' });
}

/** Rows of the policy register: each version, when it was in force, and when its approval was complete (from the approval records the log prints). */
export function registerRows(versions: readonly VersionInForce[], records: PackRecords, name: (id: string) => string, m: Messages) {
  return versions.map((v) => {
    const review = (v.meta['review'] && typeof v.meta['review'] === 'object' ? v.meta['review'] : {}) as Record<string, unknown>;
    const complete = records.approvals ? approvedComplete(v, records.approvals) : undefined;
    return {
      id: v.id,
      title: v.title,
      version: v.version,
      spans: v.spans.map((s) => ({ from: s.from, until: s.until, ended: s.end })),
      approvedComplete: complete?.date,
      approversCount: complete?.count,
      approvalsAvailable: records.approvals !== undefined,
      approvedInGit: v.approvedOn,
      owner: typeof v.meta['owner'] === 'string' ? name(v.meta['owner']) : undefined,
      approvers: strings(v.meta['approvers']).map(name),
      reviewCycle: typeof review['cycle'] === 'string' ? review['cycle'] : undefined,
      lastReview: isIsoDate(review['last']) ? review['last'] : undefined,
      classification: typeof v.meta['classification'] === 'string' && m.has(`common.classification.${v.meta['classification']}`)
        ? m.t(`common.classification.${v.meta['classification']}`) : typeof v.meta['classification'] === 'string' ? v.meta['classification'] : '',
      contentHash: v.contentHash,
    };
  });
}

/** The approval log: every decision on a version in force (any of its texts), oldest first, with where it came from. */
export function approvalRows(versions: readonly VersionInForce[], records: PackRecords, roster: Roster, period: Period, m: Messages) {
  if (!records.approvals) return undefined;
  const name = (id: string) => roster.people.get(id)?.person.name ?? id;
  const github = (id: string) => roster.people.get(id)?.person.github;
  const rows = versions.flatMap((v) => {
    const texts = new Set(v.revisions.map((r) => r.contentHash));
    return decisionsOn(v, records.approvals ?? []).map((a) => ({
      at: a.at,
      date: a.at.slice(0, 10),
      time: a.at.slice(11, 16),
      after: a.at.slice(0, 10) > period.to,
      policy: v.title,
      version: v.version,
      approver: name(a.approver),
      decision: a.decision === 'approved' || a.decision === 'rejected' ? a.decision : 'other',
      text: a.contentHash === undefined ? 'not-recorded' : a.contentHash === v.contentHash ? 'shown' : texts.has(a.contentHash) ? 'earlier' : 'other',
      source: approvalSourceText(a, m, github),
      line: a.line,
    }));
  });
  return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** One row per MAJOR series of each policy in the period: the counts the evidence appendix lists person by person. */
export function acknowledgementRows(report: AckPeriodReport | undefined) {
  if (!report) return undefined;
  return report.policies.flatMap((p) => p.series.map((s) => {
    const owed = p.requirements.filter((r) => r.step.version === s.version);
    const count = (state: string, late?: boolean) => owed.filter((r) => r.state === state && (late === undefined || r.late === late)).length;
    const required = owed.filter((r) => r.state !== 'lapsed').length;
    const onTime = count('acknowledged', false);
    return {
      policy: p.title, series: s.version, from: s.effective, replaced: s.replaced,
      required, onTime, late: count('acknowledged', true), missing: count('overdue'), pending: count('pending'), lapsed: count('lapsed'),
      rate: required ? Math.floor((100 * (onTime + count('acknowledged', true))) / required) : undefined,
    };
  }));
}

/** Everything the body sections are printed from. */
export interface SectionInputs {
  versions: readonly VersionInForce[];
  records: PackRecords;
  roster: Roster;
  coverage: CoverageTable[];
  exceptions: PackExceptions;
  acknowledgements: AckPeriodReport | undefined;
  evidence: AckEvidenceRow[] | undefined;
  population: PopulationRow[];
  controls: ControlRow[];
  manifest: PackManifest;
  historyAvailable: boolean;
  policies: number;
  graceDays: number;
  name: (id: string) => string;
  /** Rows per print job of a long table (ROWS_PER_JOB unless given). */
  rowsPerJob?: number | undefined;
}

/**
 * Rows per print job of a long table. Chromium lays out a whole document before printing it: a
 * 6,000-row table took its renderer past 2 GB. Printed in pieces of this size (each continuing
 * the one before, without the heading), the pieces are merged into one section.
 */
export const ROWS_PER_JOB = 400;

/** A print job rendered when it is about to print (templating a long table is work Chromium need not wait for); `rows`, a long table's piece's. */
export type LazyJob = (() => Promise<PrintJob>) & { rows?: number };

/** A long table's section as jobs of at most `size` rows; the first carries the heading (`first`). */
function chunkedJobs(ctx: PackContext, name: string, size: number, rows: readonly unknown[], data: Record<string, unknown>): LazyJob[] {
  const pieces: unknown[][] = [];
  for (let i = 0; i < rows.length; i += size) pieces.push(rows.slice(i, i + size));
  if (!pieces.length) pieces.push([]);
  return pieces.map((piece, i) => Object.assign(() => sectionJob(ctx, name, { ...data, rows: piece, first: i === 0, last: i === pieces.length - 1 }), { rows: piece.length }));
}

/**
 * The print jobs of the sections between the contents and the policies, and of the appendices
 * (long tables in several jobs): their rows worked out now, their HTML rendered when each prints.
 */
export function bodySectionJobs(ctx: PackContext, input: SectionInputs): Record<SectionKey, LazyJob[]> {
  const { versions, records, name } = input;
  const m = ctx.messages;
  const coverageCounts = input.coverage.reduce((c, t) => {
    for (const [k, n] of Object.entries(t.counts)) c[k as keyof typeof c] += n;
    return c;
  }, { 'every-day': 0, part: 0, 'controls-only': 0, none: 0 });
  const one = (name: string, data: Record<string, unknown>): LazyJob[] => [() => sectionJob(ctx, name, data)];
  const size = Math.max(1, input.rowsPerJob ?? ROWS_PER_JOB);
  const approvals = approvalRows(versions, records, input.roster, ctx.period, m) ?? [];
  return {
    register: chunkedJobs(ctx, 'register', size, registerRows(versions, records, name, m), { policies: input.policies, versions: versions.length, historyAvailable: input.historyAvailable }),
    exceptions: one('exceptions', { ...input.exceptions }),
    coverage: one('coverage', { tables: input.coverage, counts: coverageCounts }),
    approvals: chunkedJobs(ctx, 'approvals', size, approvals, { available: records.approvals !== undefined, count: approvals.length, file: records.files?.approvals ?? 'records/approvals.jsonl' }),
    acknowledgements: one('acknowledgements', { available: input.acknowledgements !== undefined, rows: acknowledgementRows(input.acknowledgements) ?? [], graceDays: input.graceDays }),
    evidence: chunkedJobs(ctx, 'ack-evidence', size,
      (input.evidence ?? []).map((r) => ({ ...r, acknowledgedDate: r.acknowledgedAt?.slice(0, 10), acknowledgedTime: r.acknowledgedAt?.slice(11, 16) })),
      { available: input.evidence !== undefined, count: input.evidence?.length ?? 0 }),
    population: chunkedJobs(ctx, 'population', size, input.population, {
      count: input.population.length, joined: input.population.filter((p) => p.joined).length, left: input.population.filter((p) => p.left).length,
    }),
    controls: chunkedJobs(ctx, 'controls', size, input.controls, { count: input.controls.length }),
    manifest: one('manifest', {
      manifest: input.manifest,
      sums: input.manifest.sources.map((f) => ({ hex: f.sha256.replace(/^sha256:/, ''), path: f.path })),
      attached: input.manifest.attachments.map((a) => ({ hex: a.sha256.replace(/^sha256:/, ''), file: a.file, rows: a.rows })),
    }),
  };
}

/** The sections printed from theme templates, in pack order. */
export const SECTION_KEYS = ['register', 'exceptions', 'coverage', 'approvals', 'acknowledgements', 'evidence', 'population', 'controls', 'manifest'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
