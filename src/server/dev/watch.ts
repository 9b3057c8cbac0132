import path from 'node:path';
import { watch } from 'chokidar';
import type { RepoPaths } from '../../repo/config/config.js';
import { CONFIG_FILES } from '../../repo/config/config.js';

/** What `precept dev` watches: the repo's inputs (ledgers included) and git's HEAD log (new commits change history). */
export interface WatchTargets {
  root: string;
  paths: RepoPaths;
  outDir: string;
  /** git's folder for this checkout, when the repo is in git. */
  gitDir: string | undefined;
}

/** Whether a changed file is an input of the build. */
export function isInput(targets: WatchTargets, file: string): boolean {
  const abs = path.resolve(targets.root, file);
  const within = (dir: string) => abs === dir || abs.startsWith(dir + path.sep);
  if (within(path.resolve(targets.outDir)) || within(path.join(targets.root, '.precept-cache'))) return false;
  if (targets.gitDir && (abs === path.join(targets.gitDir, 'HEAD') || abs === path.join(targets.gitDir, 'logs', 'HEAD'))) return true;
  const { paths } = targets;
  // records/: a new approval or acknowledgement changes what the pages show.
  const dirs = [paths.policies, paths.controls, paths.frameworks, paths.site, paths.records].map((d) => path.resolve(targets.root, d));
  const files = [paths.people, ...CONFIG_FILES].map((f) => path.resolve(targets.root, f));
  return dirs.some(within) || files.includes(abs);
}

/**
 * Watches the repo and calls `onChange` once per burst of changes to build inputs (editors
 * write a file in several steps). The caller closes the returned watcher.
 */
export function watchInputs(targets: WatchTargets, onChange: (files: string[]) => void, debounceMs = 60): { ready: Promise<void>; close(): Promise<void> } {
  const skip = new Set(['node_modules', '.git', '.precept-cache']);
  const outDir = path.resolve(targets.outDir);
  const watched = [targets.root, ...(targets.gitDir ? [path.join(targets.gitDir, 'HEAD'), path.join(targets.gitDir, 'logs', 'HEAD')] : [])];
  const watcher = watch(watched, {
    ignoreInitial: true,
    ignored: (file: string) => {
      const abs = path.resolve(file);
      if (abs === outDir || abs.startsWith(outDir + path.sep)) return true;
      const rel = path.relative(targets.root, abs);
      if (rel.startsWith('..')) return false; // git files outside the root
      return rel.split(path.sep).some((part) => skip.has(part));
    },
  });
  let timer: NodeJS.Timeout | undefined;
  let changed: string[] = [];
  const fire = (file: string) => {
    if (!isInput(targets, file)) return;
    changed.push(path.relative(targets.root, path.resolve(file)));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...new Set(changed)];
      changed = [];
      onChange(files);
    }, debounceMs);
  };
  watcher.on('all', (_event, file) => fire(file));
  return {
    ready: new Promise<void>((resolve) => watcher.once('ready', () => resolve())),
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
