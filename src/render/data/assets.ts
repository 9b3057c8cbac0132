import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GitRepo } from '../../history/git.js';
import { mediaTypeOf, rasterType } from '../../markdown/images.js';
import { Memo } from '../../core/memo.js';
import { bodyLinks, linkTarget, repoPath, type BodyLink } from '../../markdown/links.js';
import { sanitizeSvg } from '../../markdown/svg.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { LIMITS } from '../../repo/load/limits.js';
import type { BodyRef } from './bodies.js';
import { loadTexts, type VersionIndex } from './version-index.js';

/**
 * A file one version of a policy shows or attaches, with its bytes: what the portal publishes
 * (under `name`), the PDFs embed, and the auditor pack attaches.
 */
export interface PolicyAsset {
  /** POSIX path from the repo root, as the body links to it. */
  file: string;
  /** The published file name: the original stem and a content hash (`network-3f2a9c0d1e4b.png`). */
  name: string;
  /** image: shown in place (an image, by its bytes); attachment: linked for download. */
  kind: 'image' | 'attachment';
  mediaType: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  bytes: Uint8Array;
}

/** A version's assets, by repo path. */
export type VersionAssets = ReadonlyMap<string, PolicyAsset>;

/** A published name: safe characters only (any URL, any file system), the content hash before the extension. */
export function assetName(file: string, sha256: string): string {
  const base = path.posix.basename(file);
  const dot = base.lastIndexOf('.');
  const clean = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  const stem = clean(dot > 0 ? base.slice(0, dot) : base) || 'file';
  const ext = dot > 0 ? clean(base.slice(dot + 1)).toLowerCase() : '';
  return `${stem}-${sha256.slice(0, 12)}${ext ? `.${ext}` : ''}`;
}

/** The repo paths a body refers to that are files to publish: images and links that are not to policies (.md). */
export function assetPaths(body: string, dir: string): Map<string, 'image' | 'attachment'> {
  return pathsOf(bodyLinks(body), dir);
}

/**
 * The links of a policy file's body, by the file's whole text: the loader and the history index
 * hand back the same text strings build after build, so a look-up is cheap, where the body cut
 * out of the text is a new string each time (hashed and compared whole on every look-up).
 */
const linksOfText = new Memo<string, readonly BodyLink[]>({ entries: 50_000, weight: 256 * 1024 * 1024, weigh: (text) => text.length });

function pathsOf(links: readonly BodyLink[], dir: string): Map<string, 'image' | 'attachment'> {
  const out = new Map<string, 'image' | 'attachment'>();
  for (const link of links) {
    const target = linkTarget(link.url);
    if (target.kind !== 'file') continue;
    const file = repoPath(dir, target);
    if (file === undefined || /\.md$/i.test(file)) continue;
    if (link.kind === 'image' || !out.has(file)) out.set(file, link.kind === 'image' ? 'image' : 'attachment');
  }
  return out;
}

/**
 * The assets of every version a build shows: read from the working tree for the text there, and
 * from git at the version's commit for history, so a past version shows the images it had.
 * Missing, oversized and out-of-repo files are left out (check reports them for the current text).
 */
export class AssetStore {
  private readonly byBody = new Map<string, Promise<VersionAssets>>();

  constructor(private readonly options: { root: string; git: GitRepo | undefined; history: VersionIndex | undefined }) {}

  /**
   * Reads the texts of these bodies from git in one batch: finding a past version's files needs
   * its text, and asking git once per version (thousands, when rendered bodies came from the
   * cache) costs a process each.
   */
  async prefetch(refs: readonly BodyRef[]): Promise<void> {
    const { git, history } = this.options;
    if (!git || !history) return;
    await loadTexts(git, history, refs.flatMap((ref) => ('blob' in ref.source ? [ref.source.blob] : [])));
  }

  /** The assets of one version's body (`commit` is where its files are read from when the body came from git). */
  forBody(ref: BodyRef, commit: string | undefined): Promise<VersionAssets> {
    const key = `${ref.key}\0${'text' in ref.source ? 'worktree' : commit ?? ''}`;
    let hit = this.byBody.get(key);
    if (!hit) this.byBody.set(key, (hit = this.load(ref, commit)));
    return hit;
  }

  private async text(ref: BodyRef): Promise<string | undefined> {
    if ('text' in ref.source) return ref.source.text;
    const { git, history } = this.options;
    if (!git || !history) return undefined;
    await loadTexts(git, history, [ref.source.blob]);
    return history.texts.get(ref.source.blob);
  }

  /**
   * The assets of a policy text, read from the working tree (`commit` undefined) or from git at
   * `commit`, sorted by path. This is the list the auditor pack attaches to a version's PDF.
   */
  async forText(text: string, dir: string, commit: string | undefined): Promise<PolicyAsset[]> {
    const assets = await this.read(text, dir, commit);
    return [...assets.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  private async load(ref: BodyRef, commit: string | undefined): Promise<VersionAssets> {
    const text = await this.text(ref);
    if (text === undefined) return new Map();
    return this.read(text, ref.dir, 'text' in ref.source ? undefined : commit);
  }

  private async read(text: string, dir: string, commit: string | undefined): Promise<Map<string, PolicyAsset>> {
    const out = new Map<string, PolicyAsset>();
    const wanted = pathsOf(linksOfText.get(text, () => bodyLinks(splitFrontmatter(text).body)), dir);
    if (!wanted.size) return out;
    const bytes = commit === undefined ? await this.fromWorkingTree([...wanted.keys()]) : await this.fromCommit(commit, [...wanted.keys()]);
    for (const [file, kind] of wanted) {
      let data = bytes.get(file);
      if (!data || data.length > LIMITS.maxAssetBytes) continue;
      // SVG is published sanitized (on its tree): opened on its own, it could otherwise run script on the portal's origin.
      if (mediaTypeOf(file) === 'image/svg+xml') {
        const clean = sanitizeSvg(new TextDecoder().decode(data));
        if (clean === undefined) continue;
        data = new TextEncoder().encode(clean);
      }
      const sha256 = createHash('sha256').update(data).digest('hex');
      // An "image" is shown only when its bytes are a raster image, or a (sanitized) SVG.
      const raster = rasterType(data);
      const svg = !raster && mediaTypeOf(file) === 'image/svg+xml';
      const shown = kind === 'image' && (raster !== undefined || svg);
      out.set(file, {
        file, name: assetName(file, sha256), kind: shown ? 'image' : 'attachment',
        mediaType: raster ?? mediaTypeOf(file), size: data.length, sha256, bytes: data,
      });
    }
    return out;
  }

  private async fromWorkingTree(files: string[]): Promise<Map<string, Uint8Array>> {
    const root = await realpath(this.options.root);
    const out = new Map<string, Uint8Array>();
    for (const file of files) {
      const real = await realpath(path.join(root, file)).catch(() => undefined);
      if (!real || !real.startsWith(root + path.sep)) continue;
      const info = await stat(real).catch(() => undefined);
      if (!info?.isFile() || info.size > LIMITS.maxAssetBytes) continue;
      out.set(file, new Uint8Array(await readFile(real)));
    }
    return out;
  }

  private async fromCommit(commit: string, files: string[]): Promise<Map<string, Uint8Array>> {
    const { git } = this.options;
    const out = new Map<string, Uint8Array>();
    if (!git) return out;
    const ids = new Map<string, string>();
    const listed = await git.run(['ls-tree', '-z', '--full-tree', '-l', commit, '--', ...files.map((f) => git.toGitPath(f))]);
    for (const entry of listed.split('\0')) {
      const m = /^\d+ blob ([0-9a-f]+) +(\d+)\t(.+)$/s.exec(entry);
      const rel = m ? git.fromGitPath(m[3]!) : undefined;
      if (m && rel !== undefined && Number(m[2]) <= LIMITS.maxAssetBytes) ids.set(rel, m[1]!);
    }
    const blobs = await git.readBlobs([...ids.values()]);
    for (const [file, sha] of ids) {
      const data = blobs.get(sha);
      if (data) out.set(file, new Uint8Array(data));
    }
    return out;
  }
}
