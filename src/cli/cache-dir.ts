import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitRepo } from '../history/git.js';
import type { OptionSpec } from './command.js';
import type { CommandContext } from './context.js';

/** --cache-dir, shared by the commands that render. */
export const CACHE_DIR_OPTION = {
  type: 'string', value: 'DIR',
  description: 'keep the render cache in DIR (default: $PRECEPT_CACHE_DIR, else a folder for this repository under $XDG_CACHE_HOME/precept or ~/.cache/precept)',
} as const satisfies OptionSpec;

/**
 * The default cache folder of a repository: under the user's cache folder (XDG_CACHE_HOME, else
 * ~/.cache), named by the repository's real path, so two checkouts never share entries.
 */
export function defaultCacheDir(rootReal: string, env: Readonly<Record<string, string | undefined>>, home = os.homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] || home, '.cache');
  const id = createHash('sha256').update(rootReal).digest('hex').slice(0, 16);
  const name = path.basename(rootReal).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'root';
  return path.join(base, 'precept', `${name}-${id}`);
}

/** The real path of a folder that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
async function realpathOf(dir: string): Promise<string> {
  const rest: string[] = [];
  let at = dir;
  for (;;) {
    try {
      return path.join(await realpath(at), ...rest.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return dir;
      rest.push(path.basename(at));
      at = parent;
    }
  }
}

/**
 * Where this run keeps its render cache (`build/`, `pdf/` and `pdf-inputs/` under it), or
 * undefined for none. Entries are trusted as precept's own output (HTML goes into the portal
 * unescaped), so the default lives outside the checkout, where a repository cannot put any. A
 * folder chosen inside the checkout is used only when git tracks nothing in it: a fresh clone
 * holds exactly the tracked files, so those would be entries the repository supplied.
 */
export async function cacheDirFor(ctx: CommandContext, root: string): Promise<string | undefined> {
  if (ctx.flag('no-cache')) return undefined;
  const rootReal = await realpath(root).catch(() => path.resolve(root));
  const chosen = ctx.string('cache-dir') ?? (ctx.io.env['PRECEPT_CACHE_DIR'] || undefined);
  const dir = chosen !== undefined ? path.resolve(ctx.io.cwd, chosen) : defaultCacheDir(rootReal, ctx.io.env);
  const git = await GitRepo.open(root);
  const tracked = git ? await git.trackedUnder(await realpathOf(dir)) : undefined;
  if (tracked !== undefined) {
    ctx.err(`warning: not using the cache in ${dir}: git tracks files in it (${tracked}), and a repository never supplies cache entries; rendering everything`);
    return undefined;
  }
  return dir;
}
