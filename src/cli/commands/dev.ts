import { UsageError } from '../../core/errors.js';
import { runDev } from '../../server/dev/dev.js';
import { CACHE_DIR_OPTION } from '../cache-dir.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';
import { seconds } from '../context.js';
import { buildOptions, buildSummary, reportBuild } from './build.js';

/** `precept dev`: serve the portal locally and rebuild it on every change, with live reload. */
export const devCommand: Command = {
  name: 'dev',
  summary: 'serve the portal on 127.0.0.1 and rebuild it when a policy, control or template changes',
  options: {
    root: COMMON.root,
    out: COMMON.out,
    port: { type: 'string', value: 'PORT', description: 'port on 127.0.0.1 (default 4321; 0 picks a free one)' },
    'as-of': COMMON.asOf,
    'no-cache': { type: 'boolean', description: 'do not read or write the render cache' },
    'cache-dir': CACHE_DIR_OPTION,
    quiet: COMMON.quiet,
  },
  details: `Only 127.0.0.1 is served. Stop with Ctrl-C.
${TODAY_HELP}`,
  async run(ctx) {
    const portText = ctx.string('port') ?? '4321';
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${portText}"`);
    const quiet = ctx.flag('quiet');
    const signal = ctx.io.signal ?? new AbortController().signal;
    let served = false;
    // PDFs are for publishing; the live portal rebuilds without them.
    await runDev({ ...(await buildOptions(ctx)), skip: new Set(['pdf']), port: Number(portText), signal }, {
      listening: (url) => {
        served = true;
        ctx.out(`Serving ${url} (Ctrl-C to stop)`);
      },
      built: (result, changed) => {
        const code = reportBuild(ctx, result, quiet);
        if (code !== 0 && !served) ctx.err('precept dev: the pages show these errors (over the last good build, if any) until a saved change builds');
        if (code === 0 && !quiet) ctx.out(changed.length ? `Rebuilt after ${changed.join(', ')} in ${seconds(result.elapsedMs)}` : buildSummary(result));
      },
      failed: (error, changed) => {
        ctx.err(`precept dev: rebuilding after ${changed.join(', ')} failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
    return 0;
  },
};
