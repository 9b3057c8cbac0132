import { loadMessages } from '../../core/i18n/messages.js';
import path from 'node:path';
import { BodyStore } from '../data/bodies.js';
import { collectBuildData } from '../data/build-data.js';
import { readLedgerData } from '../data/ledgers.js';
import { loadTexts, readVersionIndex, type VersionIndex } from '../data/version-index.js';
import { currentBodyRef } from '../data/version-list.js';
import { editedSinceHead } from '../../records/approvals/pending.js';
import { checkRepo } from '../../check/check.js';
import { toIsoDate } from '../../core/dates/calendar.js';
import type { Diagnostic, DiagnosticCounts } from '../../core/diagnostics/diagnostic.js';
import { buildTime as readBuildTime } from '../../history/build-time.js';
import { MarkdownRenderer } from '../../markdown/render.js';
import { openRepo } from '../../history/repo.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import { Theme } from '../theme/theme.js';
import { BuildCache } from './cache.js';
import { newSession, type BuildContext, type BuildOptions, type StageResult } from './context.js';
import { activeStages } from './stages.js';

/** The outcome of a build: refused (check found errors) or built, with what each stage made. */
export interface BuildResult {
  built: boolean;
  project: Project;
  /** What check found (errors when refused; warnings otherwise). */
  diagnostics: Diagnostic[];
  counts: DiagnosticCounts;
  files: number;
  stages: StageResult[];
  policies: number;
  warnings: string[];
  elapsedMs: number;
  /** Milliseconds per phase (check, history, each stage), for --verbose and benchmarks. */
  phases: [string, number][];
  /** Bodies and redlines rendered this time (the rest came from a cache). */
  rendered: { bodies: number; redlines: number };
  /** Resolves when work stages left running (live builds: the search index) is done. */
  settled: Promise<void>;
}

/**
 * `precept build`: check the repo and refuse on errors, then compute the build data once and
 * run every stage (site, ...) over it.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const phases: [string, number][] = [];
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push([name, now - mark]);
    mark = now;
  };
  // Check as `precept check` does; meanwhile start what a build will need anyway (rendering
  // the current bodies, reading history from git), so the cores are busy while rules run.
  const loading = activeStages(options);
  loading.catch(() => {});
  const repo = await openRepo(root);
  const { project, git } = repo;
  const buildTime = await readBuildTime(options.env, git);
  let asOf = options.asOf;
  if (!asOf) {
    if (buildTime) asOf = toIsoDate(buildTime);
    else {
      asOf = toIsoDate(options.now());
      warn('not in git and SOURCE_DATE_EPOCH is not set: review dates are computed for today, so the output depends on the day it is built');
    }
  }
  const active = await loading;
  for (const stage of active) stage.warm?.(options, project);
  const session = options.session ?? newSession();
  const cache = new BuildCache(options.cacheDir === undefined ? undefined : path.join(options.cacheDir, 'build'));
  let history: VersionIndex | undefined;
  const renderer = new MarkdownRenderer();
  const bodies = new BodyStore({
    cache, memory: session.bodies, renderer,
    loadBlobs: async (blobs) => {
      if (!git || !history) return new Map();
      await loadTexts(git, history, blobs);
      return history.texts;
    },
    ...(options.workerThreshold !== undefined ? { workerThreshold: options.workerThreshold } : {}),
  });
  const valid = project.policies.filter(isValidPolicy);
  bodies.prefetch(valid.map((p) => ({ id: p.id, bodies: [currentBodyRef(p)], redlines: [] })));
  const reading = git ? readVersionIndex(git, { policiesDir: project.config.paths.policies, defaultFramework: project.config.defaultFramework }, cache, session.histories) : undefined;
  reading?.catch(() => {});
  const ledgers = readLedgerData(project, reading);
  ledgers.catch(() => {});
  // A live preview (precept dev) shows work in progress: policies edited since HEAD are waiting
  // for the approvals their review will bring, as in a pull request, so they warn, not block.
  const pendingApprovals = options.live && git ? await editedSinceHead(project) : undefined;
  const { diagnostics, counts } = await checkRepo(repo, { asOf, ...(pendingApprovals ? { pendingApprovals } : {}) });
  phase('check');
  let rendered = { bodies: 0, redlines: 0 };
  const result = (built: boolean, stages: StageResult[]): BuildResult => ({
    built, project, diagnostics, counts, files: project.sources.size, stages,
    policies: project.policies.length, warnings, elapsedMs: performance.now() - started, phases, rendered,
    settled: Promise.all(stages.map((st) => st.settled)).then(() => {}),
  });
  if (counts.errors > 0) {
    await Promise.all(active.map((stage) => stage.abandon?.(options)));
    await bodies.close();
    await reading?.catch(() => {});
    await ledgers.catch(() => {});
    return result(false, []);
  }

  const stages: StageResult[] = [];
  try {
    const theme = await Theme.load(path.join(root, project.config.paths.site), loadMessages(project.config.locale));
    history = await reading;
    if (!git) warn('not a git repository (or no commits yet): only the current version of each policy is built');
    phase('history');
    const ledgerData = await ledgers;
    phase('ledgers');
    const data = collectBuildData(project, { asOf, buildTime, history, bodies, ledgers: ledgerData });
    phase('data');
    const ctx: BuildContext = {
      project, git, history, data, renderer, theme, buildTime, asOf, outDir: path.resolve(options.outDir), cache, session, options, warn,
    };
    // Stages write separate folders and share only read-only data: run them together, so the
    // site's templating overlaps Chromium printing PDFs and the pack.
    const stageStart = performance.now();
    const settled = await Promise.allSettled(active.map(async (stage) => {
      const result = await stage.run(ctx);
      return { result, ms: performance.now() - stageStart };
    }));
    // Every stage has stopped before anything is closed; then the first failure is reported.
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const timed = settled.map((r) => (r as PromiseFulfilledResult<{ result: StageResult; ms: number }>).value);
    for (const [i, { result, ms }] of timed.entries()) {
      stages.push(result);
      phases.push([active[i]!.name, ms]);
    }
    mark = performance.now();
  } finally {
    await Promise.all(active.map((stage) => stage.abandon?.(options)));
    await bodies.close();
    rendered = { ...bodies.rendered };
  }
  return result(true, stages);
}
