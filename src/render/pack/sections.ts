import { isIsoDate } from '../../core/dates/calendar.js';
import type { Project } from '../../repo/project/types.js';
import { capitalize } from '../pdf/policy-document.js';
import type { Paper, PrintJob } from '../pdf/print-job.js';
import { themePrintJob } from '../pdf/templates.js';
import type { Theme } from '../theme/theme.js';
import type { CoverageTable } from './coverage.js';
import { approvalsFor, type PackExceptions } from './exceptions.js';
import type { VersionInForce } from './in-force.js';
import type { PackManifest } from './manifest.js';
import type { Period } from './period.js';
import type { PackRecords } from './records.js';

/** What every pack page template gets. */
export interface PackContext {
  theme: Theme;
  paper: Paper;
  organization: string;
  period: Period;
}

/** A front-matter or appendix section: a `site/pdf/pack/<name>.hbs` page with the pack's header and footer. */
export function sectionJob(ctx: PackContext, name: string, data: Record<string, unknown>): Promise<PrintJob> {
  return themePrintJob(
    ctx.theme,
    { page: `pdf/pack/${name}.hbs`, header: 'pdf/pack/header.hbs', footer: 'pdf/pack/footer.hbs' },
    { organization: ctx.organization, period: ctx.period, ...data },
    ctx.paper,
  );
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** How a version's time in force reads in the register and contents. */
export function inForceLabel(v: VersionInForce): string {
  if (!v.until) return `in force from ${v.from}`;
  const why = v.endReason === 'retired' ? 'retired' : v.endReason === 'removed' ? 'removed' : 'superseded';
  return `in force ${v.from} until ${why} on ${v.until}`;
}

/** Rows of the policy register. */
export function registerRows(versions: readonly VersionInForce[], name: (id: string) => string) {
  return versions.map((v) => {
    const review = (v.meta['review'] && typeof v.meta['review'] === 'object' ? v.meta['review'] : {}) as Record<string, unknown>;
    const owner = typeof v.meta['owner'] === 'string' ? name(v.meta['owner']) : 'not set';
    return {
      id: v.id,
      title: v.title,
      version: v.version,
      from: v.from,
      until: v.until,
      ended: v.endReason,
      approvedOn: v.approvedOn,
      owner,
      approvers: strings(v.meta['approvers']).map(name).join(', ') || 'none listed',
      reviewCycle: typeof review['cycle'] === 'string' ? review['cycle'] : 'not set',
      lastReview: isIsoDate(review['last']) ? review['last'] : undefined,
      classification: typeof v.meta['classification'] === 'string' ? capitalize(v.meta['classification']) : '',
      contentHash: v.contentHash,
    };
  });
}

/** Data for the approval log: the decisions on the versions in force, oldest first. */
export function approvalRows(versions: readonly VersionInForce[], records: PackRecords, name: (id: string) => string) {
  if (!records.approvals) return undefined;
  const rows = versions.flatMap((v) => approvalsFor(v, records.approvals ?? []).map((a) => ({
    time: readableTime(a.time), policy: v.title, version: v.version, approver: name(a.approver), decision: a.decision,
    matches: a.contentHash === undefined ? 'not recorded' : a.contentHash === v.contentHash ? 'yes' : 'no',
    source: a.source ?? '',
  })));
  return rows.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** Data for the acknowledgement summary, one row per version in force. */
export function acknowledgementRows(versions: readonly VersionInForce[], records: PackRecords) {
  if (!records.acknowledgements) return undefined;
  return versions.map((v) => {
    const s = records.acknowledgements?.find((a) => a.policy === v.id && a.version === v.version);
    return {
      policy: v.title, version: v.version, recorded: Boolean(s),
      required: s?.required ?? 0, acknowledged: s?.acknowledged ?? 0, late: s?.late ?? 0, pending: s?.pending ?? 0, missing: s?.missing.length ?? 0,
    };
  });
}

/** The print jobs of the sections between the contents and the policies, and of the appendix. */
export async function bodySectionJobs(
  ctx: PackContext,
  input: {
    project: Project;
    versions: readonly VersionInForce[];
    coverage: CoverageTable[];
    exceptions: PackExceptions;
    records: PackRecords;
    manifest: PackManifest;
    historyAvailable: boolean;
    name: (id: string) => string;
  },
): Promise<{ register: PrintJob; coverage: PrintJob; approvals: PrintJob; acknowledgements: PrintJob; exceptions: PrintJob; manifest: PrintJob }> {
  const { versions, records, name } = input;
  const policies = new Set(versions.map((v) => v.id)).size;
  const [register, coverage, approvals, acknowledgements, exceptions, manifest] = await Promise.all([
    sectionJob(ctx, 'register', { rows: registerRows(versions, name), policies, historyAvailable: input.historyAvailable }),
    sectionJob(ctx, 'coverage', { tables: input.coverage, gapCount: input.coverage.reduce((n, t) => n + t.gaps.length, 0) }),
    sectionJob(ctx, 'approvals', { available: records.approvals !== undefined, rows: approvalRows(versions, records, name) ?? [] }),
    sectionJob(ctx, 'acknowledgements', { available: records.acknowledgements !== undefined, rows: acknowledgementRows(versions, records) ?? [] }),
    sectionJob(ctx, 'exceptions', { ...input.exceptions, total: input.exceptions.approvals.items.length + input.exceptions.reviews.items.length + input.exceptions.acknowledgements.items.length }),
    sectionJob(ctx, 'manifest', { manifest: input.manifest, sums: input.manifest.sources.map((f) => ({ hex: f.sha256.replace(/^sha256:/, ''), path: f.path })) }),
  ]);
  return { register, coverage, approvals, acknowledgements, exceptions, manifest };
}

/** An ISO instant as "2026-09-10 09:00 UTC" (narrow enough for the log's first column). */
export function readableTime(time: string): string {
  return time.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/, '$1 $2 UTC');
}
