import type { Rule } from '../../check/rules/rule.js';
import type { AssetStore } from '../data/assets.js';
import type { BodyMemory } from '../data/bodies.js';
import type { BuildData } from '../data/build-data.js';
import type { VersionIndex } from '../data/version-index.js';
import type { ViewMemory } from '../data/view-memory.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { Resources } from '../../core/resources.js';
import type { GitRepo } from '../../history/git.js';
import type { PolicyHistory } from '../../history/versions.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import type { Project } from '../../repo/project/types.js';
import type { Theme } from '../theme/theme.js';
import type { Period } from '../pack/period.js';
import type { Signer } from '../sign/signer.js';
import type { TsaOptions } from '../sign/tsa-client.js';
import type { BuildCache } from './cache.js';
import type { Phrase } from '../../core/i18n/phrase.js';

/** How to build. */
export interface BuildOptions {
  root: string;
  /** The output folder (absolute); stages write into their own subfolder of it. */
  outDir: string;
  /**
   * Review states as of this date, or `today` for the clock's day (default: the day of the build
   * time, SOURCE_DATE_EPOCH or the HEAD commit, in the config's time zone, as `check` uses).
   */
  asOf?: IsoDate | 'today';
  env: Readonly<Record<string, string | undefined>>;
  /** The clock, used only for the date when there is neither git nor SOURCE_DATE_EPOCH. */
  now: () => Date;
  /**
   * The persistent cache folder (`build/`, `pdf/` and `pdf-inputs/` under it); none when
   * undefined. Its entries are trusted as precept's own output, so it must be a folder the
   * repository cannot write into: not inside the checkout (the CLI picks one per repository
   * under the user's cache folder).
   */
  cacheDir?: string;
  /** Rules check runs before building (default: all); past versions are never checked, so output must be safe without them. */
  rules?: readonly Rule[];
  /** Stage names not to run (e.g. `pdf` for --no-pdf). */
  skip?: ReadonlySet<string>;
  /** Memory kept between builds by `precept dev`; a fresh one per build otherwise. */
  session?: BuildSession;
  /** Render in worker threads from this many uncached bodies (default 150). */
  workerThreshold?: number;
  /**
   * The output is being served (precept dev): update the existing folders in place, file by file,
   * and let slow follow-up work (the search index) finish after the build returns.
   */
  live?: boolean;
  /**
   * Pages one search index holds before a language's pages are split into more (default
   * SHARD_PAGES in search-index.ts); tests set it low to split a small portal.
   */
  searchShardPages?: number;
  /** Chromium cannot use its sandbox as root (the CLI passes process.getuid() === 0). */
  runningAsRoot?: boolean;
  /**
   * A build for the public (`--public`): confidential and restricted policies are left out of
   * every page, index, calendar and PDF, as if they did not exist.
   */
  public?: boolean;
  /** Also build the auditor pack for this period (one process for the site, PDFs and pack). */
  pack?: PackRequest;
  /** Stops the build when aborted (the CLI wires SIGINT and SIGTERM to it): workers end at once, no output is written. */
  signal?: AbortSignal;
  /** Progress of long stages ("Rendering PDFs", 12, 32), for a progress line on a terminal. */
  onProgress?: (label: string, done: number, total: number) => void;
}

/** An auditor pack requested from `precept build --pack`. */
export interface PackRequest {
  period: Period;
  signer?: Signer | undefined;
  /** The signature's time (fixed with SOURCE_DATE_EPOCH for reproducible packs). */
  signingTime: Date;
  /** The signing time was fixed by SOURCE_DATE_EPOCH. */
  fixedTime?: boolean;
  /** Timestamp the signature at this RFC 3161 authority. */
  tsa?: TsaOptions | undefined;
  /** Sources differ from the commit (the caller allowed it). */
  dirty?: boolean;
  /** Who prepared the pack. */
  preparedBy: string;
}

/** What a long-running process (precept dev) keeps between builds so a rebuild redoes only what changed. */
export interface BuildSession {
  bodies: BodyMemory;
  histories: Map<string, VersionIndex>;
  /** The last live build's policy views (render/data/view-memory.ts). */
  views: ViewMemory;
}

/** A fresh session. */
export function newSession(): BuildSession {
  return { bodies: { bodies: new Map(), redlines: new Map() }, histories: new Map(), views: new Map() };
}

/** What every stage gets: the checked project, history, computed data, theme, dates and where to write. */
export interface BuildContext {
  project: Project;
  git: GitRepo | undefined;
  history: VersionIndex | undefined;
  /** Every version of every policy with its texts, read from git at most once per build (the index may come from the cache). */
  readHistory: () => Promise<PolicyHistory | undefined>;
  data: BuildData;
  /** Images and attachments of every version shown, with their bytes (site, PDFs, pack). */
  assets: AssetStore;
  /** The build's one Markdown renderer (its block cache spans all policies and versions). */
  renderer: MarkdownRenderer;
  theme: Theme;
  /** When the build says it was made; undefined without git or SOURCE_DATE_EPOCH. */
  buildTime: Date | undefined;
  asOf: IsoDate;
  outDir: string;
  cache: BuildCache;
  session: BuildSession;
  options: BuildOptions;
  /** What the build owns and closes when it ends (the browser, worker threads): stages get theirs here. */
  resources: Resources;
  /** Reports a problem that does not stop the build (printed to stderr by the CLI). */
  warn(message: string): void;
  /** What another stage of this build made, once it is done (undefined when it does not run). */
  stageResult?(name: string): Promise<StageResult | undefined>;
}

/** What a stage made, for the closing summary ("61 pages", "13 PDFs"). */
export interface StageResult {
  name: string;
  /** Parts of the summary line: phrases of the `cli` catalogue, written in the repo's language by the command. */
  counts: Phrase[];
  /** The folder it wrote. */
  output: string;
  /** Work that goes on after the stage returned (live builds only); the caller awaits it before building again. */
  settled?: Promise<void>;
}

/** One step of `precept build` after checking: the site, PDFs, ... Listed in stages.ts. */
export interface BuildStage {
  name: string;
  /** Starts slow set-up (a browser) while the repo is being checked; optional. */
  warm?(resources: Resources, options: BuildOptions, project: Project): void;
  run(ctx: BuildContext): Promise<StageResult>;
}
