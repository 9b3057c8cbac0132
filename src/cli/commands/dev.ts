import { usageFailure } from '../../core/i18n/failure.js';
import { runDev } from '../../server/dev/dev.js';
import { CACHE_DIR_OPTION } from '../cache-dir.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { loadConfig } from '../../repo/config/config.js';
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
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw usageFailure('cli.port', { value: portText });
    const quiet = ctx.flag('quiet');
    const signal = ctx.io.signal ?? new AbortController().signal;
    let served = false;
    // The config's language when dev starts (a broken config is the first build's to report); each
    // build says what it did in the language it read.
    let messages = loadMessages(await loadConfig(ctx.root).then((c) => c.locale, () => 'en'));
    // PDFs are for publishing; the live portal rebuilds without them.
    await runDev({ ...(await buildOptions(ctx)), skip: new Set(['pdf']), port: Number(portText), signal }, {
      listening: (url) => {
        served = true;
        ctx.out(messages.t('cli.dev.serving', { url }));
      },
      built: (result, changed) => {
        messages = loadMessages(result.project.config.locale);
        const code = reportBuild(ctx, result, quiet);
        if (code !== 0 && !served) ctx.err(messages.t('cli.dev.showing-errors'));
        if (code === 0 && !quiet) {
          ctx.out(changed.length ? messages.t('cli.dev.rebuilt', { changed: changed.join(', '), seconds: (result.elapsedMs / 1000).toFixed(1) }) : buildSummary(result));
        }
      },
      failed: (error, changed) => {
        ctx.err(messages.t('cli.dev.failed', { changed: changed.join(', '), error: error instanceof Error ? error.message : String(error) }));
      },
    });
    return 0;
  },
};
