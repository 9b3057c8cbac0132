import path from 'node:path';
import type { ResolvedConfig } from '../repo/config/config.js';
import { failure, usageFailure } from '../core/i18n/failure.js';
import { gitUserIdentity, type GitRepo } from '../history/git.js';
import { checkLabel } from '../records/distributions/distributions.js';
import { dirtySources } from '../render/pack/dirty-sources.js';
import type { Signer } from '../render/sign/signer.js';
import type { TsaOptions } from '../render/sign/tsa-client.js';
import { DEFAULT_TSA_TIMEOUT_MS } from '../render/sign/tsa-defaults.js';
import type { OptionSpec } from './command.js';
import type { CommandContext } from './context.js';

/** `--tsa URL` and `--tsa-timeout SECONDS`, shared by `precept pack` and `precept build --pack`. */
export const TSA_OPTIONS: Record<string, OptionSpec> = {
  tsa: { type: 'string', value: 'URL', description: 'with --sign: timestamp the signature at this RFC 3161 timestamp authority (http or https)' },
  'tsa-timeout': { type: 'string', value: 'SECONDS', description: `with --tsa: how long to wait for the authority (default ${DEFAULT_TSA_TIMEOUT_MS / 1000})` },
};

/** The timestamp authority `--tsa` names, checked: only with --sign, an http(s) URL, a sane timeout. */
function tsaOptions(ctx: CommandContext): TsaOptions | undefined {
  const url = ctx.string('tsa');
  const timeout = ctx.string('tsa-timeout');
  if (url === undefined) {
    if (timeout !== undefined) throw usageFailure('cli.tsa-timeout-alone');
    return undefined;
  }
  if (ctx.string('sign') === undefined) throw usageFailure('cli.tsa-needs-sign');
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw usageFailure('cli.tsa-url', { value: url });
  // fetch refuses them, and messages name the URL: never echo a secret.
  if (parsed.username || parsed.password) throw usageFailure('cli.tsa-credentials');
  const seconds = timeout === undefined ? DEFAULT_TSA_TIMEOUT_MS / 1000 : Number(timeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw usageFailure('cli.tsa-timeout', { value: timeout });
  return { url: parsed.href, timeoutMs: Math.round(seconds * 1000) };
}

/**
 * What `precept pack` and `precept build --pack` check before building a pack: sources must be
 * committed (unless --allow-dirty), someone must be named as preparer (`--prepared-by`, else
 * git's user.name and user.email), `--sign FILE` opens with the passphrase from the
 * environment variable the config names (never a flag), and `--tsa` is a URL to use with it.
 */
export async function packPreconditions(
  ctx: CommandContext,
  config: ResolvedConfig,
  git: GitRepo | undefined,
): Promise<{ signer: Signer | undefined; dirty: boolean; preparedBy: string; tsa: TsaOptions | undefined }> {
  const tsa = tsaOptions(ctx);
  const flag = ctx.string('prepared-by');
  const preparedBy = flag !== undefined ? checkLabel('--prepared-by', flag, 200) : await gitUserIdentity(git?.top ?? ctx.root);
  if (!preparedBy) {
    throw failure('cli.prepared-by');
  }
  const dirty = git ? await dirtySources(git, config) : [];
  if (dirty.length && !ctx.flag('allow-dirty')) {
    throw failure('cli.dirty', { files: dirty.join(', ') });
  }
  const signFile = ctx.string('sign');
  const envName = config.signing.passphraseEnv;
  // The signing code (node-forge) loads only for a signed pack.
  const signer = signFile ? await (await import('../render/sign/signer.js')).loadSigner(path.resolve(ctx.io.cwd, signFile), ctx.io.env[envName] ?? '', envName) : undefined;
  return { signer, dirty: dirty.length > 0, preparedBy, tsa };
}

/** The --prepared-by flag, shared by pack and build. */
export const PREPARED_BY = {
  type: 'string', value: 'NAME', description: 'who prepared the pack, as its cover names them (default: git\'s user.name <user.email>)',
} as const;
