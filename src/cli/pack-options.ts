import path from 'node:path';
import type { ResolvedConfig } from '../repo/config/config.js';
import { PreceptError } from '../core/errors.js';
import { gitUserIdentity, type GitRepo } from '../history/git.js';
import { checkLabel } from '../records/distributions/distributions.js';
import { dirtySources } from '../render/pack/dirty-sources.js';
import { loadSigner, type Signer } from '../render/sign/signer.js';
import type { CommandContext } from './context.js';

/**
 * What `precept pack` and `precept build --pack` check before building a pack: sources must be
 * committed (unless --allow-dirty), someone must be named as preparer (`--prepared-by`, else
 * git's user.name and user.email), and `--sign FILE` opens with the passphrase from the
 * environment variable the config names (never a flag).
 */
export async function packPreconditions(
  ctx: CommandContext,
  config: ResolvedConfig,
  git: GitRepo | undefined,
): Promise<{ signer: Signer | undefined; dirty: boolean; preparedBy: string }> {
  const flag = ctx.string('prepared-by');
  const preparedBy = flag !== undefined ? checkLabel('--prepared-by', flag, 200) : await gitUserIdentity(git?.top ?? ctx.root);
  if (!preparedBy) {
    throw new PreceptError('the pack must name who prepared it: pass --prepared-by "Name <email>" (git has no user.name configured here)');
  }
  const dirty = git ? await dirtySources(git, config) : [];
  if (dirty.length && !ctx.flag('allow-dirty')) {
    throw new PreceptError(`uncommitted changes in ${dirty.join(', ')}: the pack is of a commit, so commit them first (or pass --allow-dirty)`);
  }
  const signFile = ctx.string('sign');
  const envName = config.signing.passphraseEnv;
  const signer = signFile ? await loadSigner(path.resolve(ctx.io.cwd, signFile), ctx.io.env[envName] ?? '', envName) : undefined;
  return { signer, dirty: dirty.length > 0, preparedBy };
}

/** The --prepared-by flag, shared by pack and build. */
export const PREPARED_BY = {
  type: 'string', value: 'NAME', description: 'who prepared the pack, as its cover names them (default: git\'s user.name <user.email>)',
} as const;
