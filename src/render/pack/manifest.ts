import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../../repo/config/config.js';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import type { GitRepo } from '../../history/git.js';
import { walkFiles } from '../../repo/load/walk.js';
import type { Project } from '../../repo/project/types.js';
import type { CertificateInfo } from '../sign/signer.js';
import type { VersionInForce } from './versions.js';
import type { Period } from './period.js';

/** Identifies the manifest format; bump on an incompatible change. */
export const MANIFEST_FORMAT = 'precept-pack-manifest/2';

/** A source file and its SHA-256. */
export interface ManifestSource {
  path: string;
  sha256: string;
}

/** A policy version included in the pack. */
export interface ManifestVersion {
  policy: string;
  version: string;
  title: string;
  /** In force from (inclusive) ... until (exclusive; null = still in force). */
  from: string;
  until: string | null;
  commit: string | null;
  file: string;
  /** SHA-256 of the file's text at that commit. */
  sha256: string;
  /** precept's content hash, which approvals and acknowledgements bind to. */
  contentHash: string;
}

/** A copy made for one recipient (`precept pack --recipient`), as recorded in records/distributions.jsonl. */
export interface ManifestDistribution {
  copy: string;
  recipient: string;
  reference: string | null;
}

/** A file attached to the pack besides the manifest (the acknowledgement evidence as CSV). */
export interface ManifestAttachment {
  file: string;
  sha256: string;
  rows: number;
}

/** What the pack embeds (as an attachment) and prints in its appendix. */
export interface PackManifest {
  format: typeof MANIFEST_FORMAT;
  generator: string;
  organization: string;
  period: Period;
  /** The build time (SOURCE_DATE_EPOCH or the source commit's time), ISO 8601: what the PDF's dates say. */
  generated: string;
  /** HEAD: the commit the pack is of. */
  commit: string | null;
  /**
   * The commit whose roster, controls and frameworks describe the period's end; `historyBegins`
   * is set (the first commit's date) when no commit was made by then and HEAD stands in for it.
   */
  state: { commit: string; date: string; historyBegins: string | null } | null;
  /** Where versions came from: git history, or the working tree when there is no git. */
  history: 'git' | 'working-tree';
  /** Who prepared the pack, and when it was made (the signing time). */
  preparedBy: string;
  made: string;
  signer: { subject: string; fingerprint: string; selfSigned: boolean } | null;
  distribution: ManifestDistribution | null;
  attachments: ManifestAttachment[];
  sources: ManifestSource[];
  versions: ManifestVersion[];
}

/** The manifest written beside the pack: the embedded one plus the pack file's own hash. */
export interface ExternalManifest extends PackManifest {
  pack: { file: string; sha256: string; pages: number; signed: boolean };
}

/** True for files that make up a policy repo's content (what the manifest hashes). */
export function isSource(config: Pick<ResolvedConfig, 'paths' | 'file'>, rel: string): boolean {
  const { paths, file } = config;
  if (rel === file || rel === paths.people) return true;
  // Copies of a pack are recorded after it is made: that ledger is about packs, not what they hold.
  if (rel === `${paths.records}/distributions.jsonl`) return false;
  return [paths.policies, paths.controls, paths.frameworks, paths.records, paths.site].some((dir) => dir !== '.' && rel.startsWith(`${dir}/`));
}

/**
 * SHA-256 of every source file: as committed at `commit` when the repo is in git (the pack is
 * of that commit), else as on disk.
 */
export async function sourceHashes(project: Project, git: GitRepo | undefined, commit: string | undefined): Promise<ManifestSource[]> {
  if (git && commit) {
    const files = [...(await git.listFiles(commit, '.'))].filter(([rel]) => isSource(project.config, rel)).sort(([a], [b]) => (a < b ? -1 : 1));
    const blobs = await git.readBlobs(files.map(([, sha]) => sha));
    return files.map(([rel, sha]) => ({ path: rel, sha256: sha256(blobs.get(sha) ?? Buffer.alloc(0)) }));
  }
  const { paths, file } = project.config;
  const rels = new Set<string>([file ?? '', paths.people].filter(Boolean));
  for (const dir of [paths.policies, paths.controls, paths.frameworks, paths.records, paths.site]) {
    const walked = await walkFiles(project.root, path.join(project.root, dir), ['']);
    for (const abs of walked.files) rels.add(path.relative(project.root, abs).split(path.sep).join('/'));
  }
  for (const rel of rels) if (!isSource(project.config, rel)) rels.delete(rel);
  const sources: ManifestSource[] = [];
  for (const rel of [...rels].sort()) {
    const bytes = await readFile(path.join(project.root, rel)).catch(() => undefined);
    if (bytes) sources.push({ path: rel, sha256: sha256(bytes) });
  }
  return sources;
}

/** The manifest entry of a version in force. */
export function manifestVersion(v: VersionInForce): ManifestVersion {
  return { policy: v.id, version: v.version, title: v.title, from: v.from, until: v.until ?? null, commit: v.commit ?? null, file: v.file, sha256: v.sha256, contentHash: v.contentHash };
}

/** The signer as the manifest names it. */
export function manifestSigner(cert: CertificateInfo | undefined): PackManifest['signer'] {
  return cert ? { subject: cert.subject, fingerprint: cert.fingerprint, selfSigned: cert.selfSigned } : null;
}
