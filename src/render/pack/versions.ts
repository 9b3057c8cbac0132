import { type IsoDate } from '../../core/dates/calendar.js';
import { spansMeeting, type EndReason } from '../../history/timeline/in-force.js';
import type { PolicyTimeline } from '../../history/timeline/model.js';
import type { PolicyHistory, Revision } from '../../history/versions.js';
import { policyContentHash, sha256 } from '../../repo/content-hash/content-hash.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import type { Period } from './period.js';

/** One revision of a version in force, as the review and approval findings need it. */
export interface InForceRevision {
  date: IsoDate;
  meta: Record<string, unknown>;
  /** Its content hash (what approvals bind to). */
  contentHash: string;
}

/** A policy version that was in force at some time in the audit period. */
export interface VersionInForce {
  id: string;
  version: string;
  title: string;
  /** The first day it was in force (its timeline span meeting the period), and the day it stopped (exclusive). */
  from: IsoDate;
  until: IsoDate | undefined;
  endReason: EndReason | undefined;
  /** Every stretch it was in force that meets the period (more than one only when a removed policy came back). */
  spans: { from: IsoDate; until: IsoDate | undefined; end: EndReason | undefined }[];
  /** The day a commit first recorded it as approved (undefined without git). */
  approvedOn: IsoDate | undefined;
  /** The frontmatter and text shown: the version as committed by the end of the period. */
  meta: Record<string, unknown>;
  text: string;
  body: string;
  /** Root-relative path of the file at that commit. */
  file: string;
  commit: string | undefined;
  /** Approved revisions of this version, oldest first (review dates and texts move without a bump). */
  revisions: InForceRevision[];
  /** What approvals and acknowledgements bind to (the text shown). */
  contentHash: string;
  /** SHA-256 of the file's exact text at that commit. */
  sha256: string;
}

const approved = (r: Revision) => r.meta['status'] === 'approved';

/**
 * Every policy version in force at any time in the period, by the timeline's rules
 * (docs/timeline.md). Its text is the last approved text committed by the period's end (editorial
 * fixes included), else its first approved one: never today's file.
 */
export function versionsInForce(project: Project, timelines: ReadonlyMap<string, PolicyTimeline>, history: PolicyHistory | undefined, period: Period): VersionInForce[] {
  const fw = project.config.defaultFramework;
  const result: VersionInForce[] = [];
  for (const t of timelines.values()) {
    const spans = spansMeeting(t, period.from, period.to);
    const byVersion = new Map<number, typeof spans>();
    for (const s of spans) byVersion.set(s.index, [...(byVersion.get(s.index) ?? []), s]);
    for (const [index, list] of byVersion) {
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const common = {
        id: t.policy, version: t.versions[index]!.version, from: first.from, until: last.until, endReason: last.end,
        spans: list.map((s) => ({ from: s.from, until: s.until, end: s.end })),
      };
      const past = history?.versions.get(t.policy)?.[index];
      if (past && past.version === common.version) {
        const revisions = past.revisions.filter(approved);
        if (!revisions.length) continue;
        const shown = [...revisions].reverse().find((r) => r.date <= period.to) ?? revisions[0]!;
        const body = splitFrontmatter(shown.text).body;
        const title = shown.meta['title'];
        result.push({
          ...common,
          title: typeof title === 'string' ? title : t.policy,
          approvedOn: revisions[0]!.date,
          meta: shown.meta, text: shown.text, body, file: shown.file, commit: shown.commit,
          revisions: revisions.map((r) => ({ date: r.date, meta: r.meta, contentHash: policyContentHash(r.meta, t.policy, splitFrontmatter(r.text).body, fw) })),
          contentHash: policyContentHash(shown.meta, t.policy, body, fw),
          sha256: sha256(shown.text),
        });
        continue;
      }
      // Outside git: the working tree's text is the only one known.
      const p = project.policies.filter(isValidPolicy).find((x) => x.id === t.policy);
      if (!p || p.meta.version !== common.version) continue;
      const meta = p.meta as unknown as Record<string, unknown>;
      const contentHash = policyContentHash(meta, p.id, p.body, fw);
      result.push({
        ...common, title: p.meta.title, approvedOn: undefined, meta, text: p.source.text, body: p.body, file: p.file, commit: undefined,
        revisions: [{ date: first.from, meta, contentHash }], contentHash, sha256: sha256(p.source.text),
      });
    }
  }
  return sortVersions(result);
}

/** Register order: by title, then by the date each version took effect. */
function sortVersions(list: VersionInForce[]): VersionInForce[] {
  return list.sort((a, b) => a.title.localeCompare(b.title, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
