import { loadMessages, sayIn } from '../../core/i18n/messages.js';
import { Resources } from '../../core/resources.js';
import path from 'node:path';
import { AssetStore } from '../data/assets.js';
import { BodyStore } from '../data/bodies.js';
import { collectBuildData } from '../data/build-data.js';
import { readLedgerData } from '../data/ledgers.js';
import { loadTexts, readVersionIndex, type VersionIndex } from '../data/version-index.js';
import { currentBodyRef } from '../data/version-list.js';
import { editedSinceHead } from '../../records/approvals/pending.js';
import { shareProjectGit } from '../../records/ledger/project-ledgers.js';
import { checkRepo } from '../../check/check.js';
import type { Diagnostic, DiagnosticCounts } from '../../core/diagnostics/diagnostic.js';
import { buildTime as readBuildTime } from '../../history/build-time.js';
import { resolveToday, type Today } from '../../history/today.js';
import { MarkdownRenderer } from '../../markdown/render.js';
import { redlineLabels } from '../../markdown/redline/labels.js';
import { openRepo } from '../../history/repo.js';
import { isRestricted } from '../../repo/project/access.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import { Theme } from '../theme/theme.js';
import { BuildCache } from './cache.js';
import { newSession, type BuildContext, type BuildOptions, type StageResult } from './context.js';
import { activeStages } from './stages.js';
import { failure } from '../../core/i18n/failure.js';

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
  /** The day review and staffing rules were judged on (the same as `precept check`'s). */
  today: Today;
}

/**
 * `precept build`: check the repo and refuse on errors, then compute the build data once and
 * run every stage (site, ...) over it.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // Everything the build starts (worker threads, a browser booting while the repo is checked) is
  // owned here and closed on every way out: refused, failed, stopped by a signal or built.
  const resources = new Resources();
  // A signal stops rendering at once (worker threads are terminated) and closes the browsers;
  // whatever was being written is removed as the stages fail.
  const stop = () => {
    void resources.existing<BodyStore>('bodies')?.stop();
    void resources.close().catch(() => {});
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  let result: BuildResult;
  try {
    result = await buildWith(options, resources);
  } catch (error) {
    await resources.close().catch(() => {}); // the build's own error is the one to report
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  await resources.close();
  return result;
}

async function buildWith(options: BuildOptions, resources: Resources): Promise<BuildResult> {
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
  shareProjectGit(project, git);
  const buildTime = await readBuildTime(options.env, git);
  // The same day `precept check` judges on: one definition of today for every command.
  const today = await resolveToday({ asOf: options.asOf, env: options.env, git, timezone: project.config.timezone, now: options.now });
  const asOf = today.date;
  if (today.source === 'clock' && options.asOf === undefined) {
    warn(sayIn(project.config.locale, 'cli.build.warn-clock'));
  }
  const active = await loading;
  for (const stage of active) stage.warm?.(resources, options, project);
  const session = options.session ?? newSession();
  const cache = new BuildCache(options.cacheDir === undefined ? undefined : path.join(options.cacheDir, 'build'));
  let history: VersionIndex | undefined;
  const renderer = new MarkdownRenderer();
  const bodies = resources.shared('bodies', () => new BodyStore({
    cache, memory: session.bodies, renderer,
    loadBlobs: async (blobs) => {
      if (!git || !history) return new Map();
      await loadTexts(git, history, blobs);
      return history.texts;
    },
    ...(options.workerThreshold !== undefined ? { workerThreshold: options.workerThreshold } : {}),
  }));
  const stopped = () => failure('render.build-stopped');
  const valid = project.policies.filter(isValidPolicy);
  bodies.prefetch(valid.map((p) => ({ id: p.id, bodies: [currentBodyRef(p)], redlines: [] })));
  const reading = git ? readVersionIndex(git, { policiesDir: project.config.paths.policies, defaultFramework: project.config.defaultFramework }, cache, session.histories, repo.history) : undefined;
  reading?.catch(() => {});
  const ledgers = readLedgerData(project, reading);
  ledgers.catch(() => {});
  // A live preview (precept dev) shows work in progress: policies edited since HEAD are waiting
  // for the approvals their review will bring, as in a pull request, so they warn, not block.
  const pendingApprovals = options.live && git ? await editedSinceHead(project) : undefined;
  const { diagnostics, counts } = await checkRepo(repo, { asOf, ...(pendingApprovals ? { pendingApprovals } : {}), ...(options.rules ? { rules: options.rules } : {}) });
  phase('check');
  let rendered = { bodies: 0, redlines: 0 };
  const result = (built: boolean, stages: StageResult[]): BuildResult => ({
    built, project, diagnostics, counts, files: project.sources.size, stages,
    policies: project.policies.length, warnings, elapsedMs: performance.now() - started, phases, rendered,
    settled: Promise.all(stages.map((st) => st.settled)).then(() => {}), today,
  });
  if (options.signal?.aborted) throw stopped();
  if (counts.errors > 0) {
    await reading?.catch(() => {});
    await ledgers.catch(() => {});
    return result(false, []);
  }

  const stages: StageResult[] = [];
  try {
    const theme = await Theme.load(path.join(root, project.config.paths.site), loadMessages(project.config.locale));
    history = await reading;
    if (!git) warn(sayIn(project.config.locale, 'cli.build.warn-no-git'));
    phase('history');
    const ledgerData = await ledgers;
    phase('ledgers');
    // --public: checked whole (a link to a restricted policy is still a link), built without them.
    const shown = options.public ? { ...project, policies: project.policies.filter((p) => !isValidPolicy(p) || !isRestricted(p.meta)) } : project;
    const redline = { locale: project.config.locale, labels: redlineLabels(theme.messages) };
    // A live build (precept dev) keeps its views for the next: only what an edit touched is made again.
    const data = collectBuildData(shown, { asOf, buildTime, history, bodies, ledgers: ledgerData, redline, memory: options.live ? session.views : undefined });
    phase('data');
    const ctx: BuildContext = {
      project: shown, git, history, readHistory: repo.history, data, assets: new AssetStore({ root, git, history }), renderer, theme, buildTime, asOf, outDir: path.resolve(options.outDir), cache, session, options, resources, warn,
    };
    // Stages write separate folders and share only read-only data: run them together, so the
    // site's templating overlaps Chromium printing PDFs and the pack.
    const stageStart = performance.now();
    // A stage may wait for another's output (the site copies the PDFs it links to); none waits for the site.
    const running = new Map<string, Promise<StageResult>>();
    ctx.stageResult = (name) => running.get(name)?.catch(() => undefined) ?? Promise.resolve(undefined);
    const settled = await Promise.allSettled(active.map(async (stage) => {
      const run = stage.run(ctx);
      running.set(stage.name, run);
      const result = await run;
      return { result, ms: performance.now() - stageStart };
    }));
    // Every stage has stopped before anything is closed; then the first failure is reported.
    if (options.signal?.aborted) throw stopped();
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const timed = settled.map((r) => (r as PromiseFulfilledResult<{ result: StageResult; ms: number }>).value);
    for (const [i, { result, ms }] of timed.entries()) {
      stages.push(result);
      phases.push([active[i]!.name, ms]);
    }
    mark = performance.now();
  } finally {
    // The workers are done once every stage is: close them now (not at the owner's close) so
    // the counts below are final.
    await bodies.close();
    rendered = { ...bodies.rendered };
  }
  return result(true, stages);
}
