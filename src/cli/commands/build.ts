import path from 'node:path';
import { build, type BuildResult } from '../../render/build/build.js';
import type { BuildOptions, PackRequest } from '../../render/build/context.js';
import { usageFailure } from '../../core/i18n/failure.js';
import { buildTime } from '../../history/build-time.js';
import { GitRepo } from '../../history/git.js';
import type { Today } from '../../history/today.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { parsePeriod } from '../../render/pack/period.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { outDir, seconds } from '../context.js';
import { CACHE_DIR_OPTION, cacheDirFor } from '../cache-dir.js';
import { packPreconditions, PREPARED_BY, TSA_OPTIONS } from '../pack-options.js';
import { progressLine } from '../progress.js';

/** Build options from the shared flags of `build` and `dev`. */
export async function buildOptions(ctx: CommandContext): Promise<BuildOptions> {
  const cacheDir = await cacheDirFor(ctx, ctx.root);
  return {
    root: ctx.root,
    outDir: outDir(ctx),
    ...(ctx.asOfFlag() !== undefined ? { asOf: ctx.asOfFlag()! } : {}),
    env: ctx.io.env,
    now: () => ctx.now(),
    ...(cacheDir !== undefined ? { cacheDir } : {}),
    runningAsRoot: process.getuid?.() === 0,
    ...(ctx.flag('no-pdf') ? { skip: new Set(['pdf']) } : {}),
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  };
}

/** The day check judged on and where it came from: "2026-11-25 (the HEAD commit's day, UTC)". */
function judgedOn(messages: Messages, today: Today): string {
  const source = today.source === 'as-of' ? 'asof' : today.source === 'SOURCE_DATE_EPOCH' ? 'epoch' : today.source === 'HEAD commit' ? 'head' : 'clock';
  return messages.t('cli.build.today', { date: messages.reportDate(today.date), source, zone: today.timezone });
}

/** Prints check's findings and the build's warnings, in the repo's language; returns the exit code. */
export function reportBuild(ctx: CommandContext, result: BuildResult, quiet: boolean): number {
  ctx.printDiagnostics(result.diagnostics, { format: 'pretty', files: result.files, sources: result.project.sources, quiet, locale: result.project.config.locale });
  const messages = loadMessages(result.project.config.locale);
  if (!result.built) {
    ctx.err(messages.t('cli.build.refused', { errors: result.counts.errors, today: judgedOn(messages, result.today) }));
    return 1;
  }
  if (!quiet) for (const w of result.warnings) ctx.err(messages.t('cli.build.warning', { warning: w }));
  return 0;
}

/** A folder as the user would type it: relative when under the working folder. */
export function shownPath(cwd: string, dir: string): string {
  const rel = path.relative(cwd, dir);
  return `${rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir}${path.sep}`;
}

/** --verbose: time per phase, and what was rendered versus taken from a cache. */
export function buildDetails(result: BuildResult): string {
  const phases = result.phases.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ');
  const stages = result.stages.map((s) => Object.entries(s).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean').map(([k, v]) => `${k} ${String(v)}`).join(', '));
  return [`  phases: ${phases}`, `  rendered: ${result.rendered.bodies} bodies, ${result.rendered.redlines} redlines`, ...stages.map((s, i) => `  ${result.stages[i]!.name}: ${s}`)].join('\n');
}

/** The closing line, in the repo's language: "Built 13 policies, 61 pages in 0.9 s". */
export function buildSummary(result: BuildResult): string {
  const messages = loadMessages(result.project.config.locale);
  const parts = result.stages.flatMap((s) => s.counts).map((c) => messages.say(c));
  return messages.t('cli.build.summary', {
    policies: result.policies, parts: parts.join(messages.t('cli.build.separator')), stages: parts.length ? 'some' : 'none', seconds: (result.elapsedMs / 1000).toFixed(1),
  });
}

/** The folder a stage wrote, after its name in the repo's language: "  site: dist/site/". */
export function stageLine(result: BuildResult, stage: { name: string }, shown: string): string {
  return loadMessages(result.project.config.locale).t('cli.build.stage', { stage: stage.name, path: shown });
}

/** `--pack FROM..TO [--sign FILE]`: what the pack stage needs, checked before anything is built. */
async function packRequest(ctx: CommandContext): Promise<PackRequest | undefined> {
  const range = ctx.string('pack');
  if (range === undefined) {
    if (ctx.string('sign') !== undefined) throw usageFailure('cli.sign-needs-pack');
    if (ctx.string('tsa') !== undefined) throw usageFailure('cli.tsa-needs-pack');
    return undefined;
  }
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.|:)(\d{4}-\d{2}-\d{2})$/.exec(range);
  if (!m) throw usageFailure('cli.pack-period', { value: range });
  const period = parsePeriod(m[1], m[2]);
  const config = await ctx.config();
  const git = await GitRepo.open(ctx.root);
  const { signer, dirty, preparedBy, tsa } = await packPreconditions(ctx, config, git);
  const epoch = ctx.io.env['SOURCE_DATE_EPOCH'];
  const fixed = epoch !== undefined && epoch !== '' ? await buildTime(ctx.io.env, git) : undefined;
  return { period, signer, signingTime: fixed ?? ctx.now(), fixedTime: fixed !== undefined, tsa, dirty, preparedBy };
}

/** `precept build`: the staff portal (and other outputs) from a checked repo. */
export const buildCommand: Command = {
  name: 'build',
  summary: 'build the staff policy portal (<out>/site/), one PDF per policy (<out>/pdf/) and, with --pack, the auditor pack',
  options: {
    root: COMMON.root,
    out: COMMON.out,
    'as-of': COMMON.asOf,
    'no-cache': { type: 'boolean', description: 'render everything again and write no cache' },
    'cache-dir': CACHE_DIR_OPTION,
    'no-pdf': { type: 'boolean', description: 'skip the per-policy PDFs (<out>/pdf/)' },
    public: { type: 'boolean', description: 'leave confidential and restricted policies out entirely (pages, search, calendar, PDFs), for hosting where anyone may read' },
    pack: { type: 'string', value: 'FROM..TO', description: 'also build the auditor pack for this period (<out>/pack/), as `precept pack` does' },
    sign: { type: 'string', value: 'FILE', description: 'with --pack: sign it with this PKCS#12 file (passphrase from $PRECEPT_SIGN_PASSPHRASE or signing.passphraseEnv)' },
    ...TSA_OPTIONS,
    'allow-dirty': { type: 'boolean', description: 'with --pack: build it even when sources have uncommitted changes' },
    'prepared-by': { ...PREPARED_BY, description: `with --pack: ${PREPARED_BY.description}` },
    verbose: { type: 'boolean', short: 'v', description: 'print how long each phase took and what was rendered or reused' },
    quiet: COMMON.quiet,
  },
  details: [
    'Writes <out>/site/ (open index.html, or serve the folder) and <out>/pdf/<id>-v<version>.pdf. Refuses to build when',
    '`precept check` finds errors (exit 1). Unchanged pages and PDFs come from the cache (--cache-dir).',
    'The same commit gives the same bytes: dates come from git or SOURCE_DATE_EPOCH, never the clock.',
    TODAY_HELP,
  ].join('\n'),
  async run(ctx) {
    const quiet = ctx.flag('quiet');
    const pack = await packRequest(ctx);
    // The pack is the auditors' record of every policy: one without some would mislead them.
    if (pack && ctx.flag('public')) throw usageFailure('cli.public-pack');
    const progress = progressLine(ctx, 'Rendering');
    let result: BuildResult;
    try {
      result = await build({ ...(await buildOptions(ctx)), ...(pack ? { pack } : {}), ...(ctx.flag('public') ? { public: true } : {}), onProgress: (_label, done, total) => progress.update(done, total) });
    } finally {
      progress.done();
    }
    if (pack?.signer?.certificate.selfSigned && result.built) {
      ctx.err(loadMessages(result.project.config.locale).t('cli.build.self-signed', { name: pack.signer.certificate.name }));
    }
    const code = reportBuild(ctx, result, quiet);
    if (code === 0 && !quiet) {
      ctx.out(buildSummary(result));
      for (const s of result.stages) ctx.out(stageLine(result, s, shownPath(ctx.io.cwd, s.output)));
      if (ctx.flag('verbose')) ctx.out(buildDetails(result));
    }
    return code;
  },
};
