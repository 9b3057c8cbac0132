import path from 'node:path';
import { Resources } from '../../core/resources.js';
import { build, type BuildResult } from '../../render/build/build.js';
import { newSession, type BuildOptions } from '../../render/build/context.js';
import { loadConfig } from '../../repo/config/config.js';
import { GitRepo } from '../../history/git.js';
import { BuildStatus } from './build-status.js';
import { ReloadHub } from './live-reload.js';
import { startServer } from './server.js';
import { watchInputs } from './watch.js';

/** What `precept dev` reports as it goes (the CLI prints it). */
export interface DevEvents {
  listening(url: string): void;
  built(result: BuildResult, changed: string[]): void;
  failed(error: unknown, changed: string[]): void;
}

/**
 * `precept dev`: build, serve the site on 127.0.0.1, and rebuild when an input changes, telling
 * open pages to reload. Builds share a session, so a rebuild renders only what changed. Runs
 * until `signal` aborts, then closes the watcher and the server.
 */
export async function runDev(options: BuildOptions & { port: number; signal: AbortSignal }, events: DevEvents): Promise<void> {
  const session = options.session ?? newSession();
  const buildOptions: BuildOptions = { ...options, session, live: true };
  const hub = new ReloadHub();
  const status = new BuildStatus();
  const first = await build(buildOptions);
  events.built(first, []);
  status.built(first);
  await first.settled;
  const siteDir = path.join(path.resolve(options.outDir), 'site');
  let queued: string[] | undefined;
  let running: Promise<void> | undefined;
  const rebuild = async () => {
    while (queued && !options.signal.aborted) {
      const changed = queued;
      queued = undefined;
      try {
        const result = await build(buildOptions);
        events.built(result, changed);
        status.built(result);
        if (result.built) hub.send('reload');
        else hub.send('build-error', `check found ${result.counts.errors} error(s): see the terminal.`);
        await result.settled;
      } catch (error) {
        events.failed(error, changed);
        status.failed(error);
        hub.send('build-error', error instanceof Error ? error.message : String(error));
      }
    }
    running = undefined;
  };
  // Everything started from here is closed in the finally, newest first, also when a later step
  // fails: the watcher stops, the rebuild under way finishes, then the server closes.
  const resources = new Resources();
  try {
    const server = resources.own(await startServer(siteDir, options.port, hub, status));
    resources.own({ close: () => running });
    const config = await loadConfig(path.resolve(options.root));
    const git = await GitRepo.open(options.root);
    const gitDir = git ? path.resolve(git.top, (await git.run(['rev-parse', '--git-dir'])).trim()) : undefined;
    const watcher = resources.own(watchInputs({ root: path.resolve(options.root), paths: config.paths, outDir: options.outDir, gitDir }, (files) => {
      queued = [...(queued ?? []), ...files];
      running ??= rebuild();
    }));
    await watcher.ready;
    events.listening(server.url);
    await new Promise<void>((resolve) => {
      if (options.signal.aborted) resolve();
      options.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await resources.close();
  }
}
