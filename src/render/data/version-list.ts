import { createHash } from 'node:crypto';
import { Memo } from '../../core/memo.js';
import path from 'node:path';
import type { RedlineLabels } from '../../markdown/redline/labels.js';
import { policyLanguage } from '../../repo/project/language.js';
import type { ValidPolicy } from '../../repo/project/types.js';
import { bumpKind } from '../../repo/versioning/bump.js';
import { comparedMeta, fieldChanges } from '../../repo/versioning/fields.js';
import { BodyRef, bodyKey, RedlineRef } from './bodies.js';
import type { HistoricalVersion } from './version-index.js';
import type { VersionView } from './views.js';

/**
 * Blob ids by text: every build asks for each current policy's id three times, and a dev rebuild
 * for the same unchanged texts again (the loader hands back the same strings, so a look-up is cheap).
 */
const blobIds = new Memo<string, string>({ entries: 20_000, weight: 256 * 1024 * 1024, weigh: (text) => text.length });

/** The id git gives a file's content (SHA-1 of `blob <size>\0<bytes>`), for working-tree text. */
export function gitBlobId(text: string): string {
  return blobIds.get(text, () => {
    const bytes = Buffer.from(text, 'utf8');
    return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  });
}

/** A version string as a path segment: safe characters only, never `.` or `..`. */
function versionSlug(version: string): string {
  const slug = version.replace(/[^0-9A-Za-z.+-]/g, '-').slice(0, 64);
  return /^[0-9A-Za-z]/.test(slug) ? slug : `v${slug}`;
}

/** The body of a policy's working-tree text (the same key whether or not it is committed). */
export function currentBodyRef(policy: ValidPolicy): BodyRef {
  const dir = path.posix.dirname(policy.file);
  return new BodyRef(bodyKey(gitBlobId(policy.source.text), dir), policy.id, policy.meta.version, dir, { text: policy.source.text });
}

/** How version pages' redlines read and write: the repo's locale (a policy's own `lang` wins) and the words they write. */
export interface RedlineSettings {
  locale: string;
  labels: RedlineLabels;
}

/**
 * A policy's versions, oldest first: each version in git history, then the working tree's, which
 * either continues the last one (same version number, maybe with uncommitted edits) or is new.
 * Without history only the current version is listed.
 */
export function versionList(policy: ValidPolicy, history: readonly HistoricalVersion[], redline: RedlineSettings, defaultFramework: string): Omit<VersionView, 'inForce'>[] {
  const redlineOptions = { lang: policyLanguage(policy, redline.locale), labels: redline.labels };
  const meta = policy.meta;
  const dir = (file: string) => path.posix.dirname(file);
  const currentBlob = gitBlobId(policy.source.text);
  const currentBody = currentBodyRef(policy);
  interface Draft { h: HistoricalVersion | undefined; version: string; body: BodyRef; uncommitted: boolean }
  const drafts: Draft[] = history.map((h) => ({
    h, version: h.version, uncommitted: false,
    body: new BodyRef(bodyKey(h.last.blob, dir(h.last.file)), policy.id, h.version, dir(h.last.file), { blob: h.last.blob }),
  }));
  const last = drafts[drafts.length - 1];
  if (last && last.version === meta.version) {
    const edited = last.h!.last.blob !== currentBlob || last.h!.last.file !== policy.file;
    drafts[drafts.length - 1] = { ...last, body: currentBody, uncommitted: edited };
  } else {
    drafts.push({ h: undefined, version: meta.version, body: currentBody, uncommitted: history.length > 0 });
  }
  // Each version's frontmatter as compared: the working tree's for the current one.
  const compared = drafts.map((d, i) => (i === drafts.length - 1 ? comparedMeta(meta as unknown as Record<string, unknown>) : d.h?.compared ?? {}));
  const seen = new Map<string, number>();
  const slugs = drafts.map((d) => {
    const base = versionSlug(d.version);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
  return drafts.map((d, i): Omit<VersionView, 'inForce'> => {
    const prev = drafts[i - 1];
    const next = drafts[i + 1];
    const isCurrent = i === drafts.length - 1;
    return {
      version: d.version,
      slug: slugs[i]!,
      number: i + 1,
      commit: d.h?.commit,
      shortCommit: d.h?.commit.slice(0, 7),
      date: d.h?.date,
      author: d.h?.author,
      subject: d.h?.subject,
      revisions: d.h?.revisions ?? 0,
      title: isCurrent ? meta.title : d.h?.title ?? meta.title,
      effective: isCurrent ? meta.effective : d.h?.effective,
      kind: prev ? bumpKind(prev.version, d.version) : 'first',
      previous: prev ? { version: prev.version, slug: slugs[i - 1]! } : undefined,
      next: next ? { version: next.version, slug: slugs[i + 1]! } : undefined,
      current: isCurrent,
      uncommitted: d.uncommitted,
      body: d.body,
      redline: prev ? new RedlineRef(prev.body, d.body, redlineOptions) : undefined,
      fields: prev ? fieldChanges(compared[i - 1]!, compared[i]!, defaultFramework) : [],
      approverIds: isCurrent ? meta.approvers ?? [] : d.h?.approvers ?? [],
      approvals: undefined,
    };
  });
}
