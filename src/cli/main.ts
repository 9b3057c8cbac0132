import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PreceptError, UsageError } from '../core/errors.js';
import { commandHelp, type Command } from './command.js';
import { COMMANDS, type CommandEntry } from './commands/index.js';
import type { CommandContext } from './context.js';
import type { CliIo } from './io.js';
import { VERSION } from '../core/version.js';

/** `precept --help`. */
function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'precept: policy-as-code for SOC 2 and ISO 27001',
    '',
    'Usage: precept <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `precept <command> --help` for a command\'s options.',
    'Exit codes: 0 clean (or warnings only), 1 errors in your content, 2 precept could not run.',
    '',
  ].join('\n');
}

/**
 * `precept import --help` (a word that only starts two-word commands): the commands of that
 * group, with a usage line for each.
 */
function groupHelp(group: string): string | undefined {
  const members = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  if (!members.length) return undefined;
  const width = Math.max(...members.map((c) => c.name.length)) + 2;
  return [
    `Usage: precept ${group} <${group === 'import' ? 'importer' : 'command'}> [options]`,
    '',
    `${group === 'import' ? 'Importers' : 'Commands'}:`,
    ...members.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run \`precept ${group} <${group === 'import' ? 'importer' : 'command'}> --help\` for its options.`,
    '',
  ].join('\n');
}

/** The longest command name that prefixes argv (commands may be two words). */
function findCommand(argv: readonly string[]): { command: CommandEntry; rest: string[] } | undefined {
  let best: { command: CommandEntry; rest: string[] } | undefined;
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}

/**
 * The whole CLI as a function: parses argv, runs the command, and returns the exit code.
 * 0 clean or warnings only, 1 the user's content has errors, 2 precept could not run.
 */
export async function main(io: CliIo): Promise<number> {
  const argv = io.argv;
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const topic = argv[0] === 'help' ? findCommand(argv.slice(1)) : undefined;
    const group = argv[0] === 'help' && !topic && argv[1] !== undefined ? groupHelp(argv[1]) : undefined;
    io.stdout.write(topic ? commandHelp(await topic.command.load()) : group ?? mainHelp());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = groupHelp(argv[0]!);
    if (group) {
      const asked = argv.length === 2 && (argv[1] === '--help' || argv[1] === '-h');
      if (asked) {
        io.stdout.write(group);
        return 0;
      }
      io.stderr.write(`precept: ${argv[1] === undefined ? `"${argv[0]}" needs a command` : `unknown command "${argv[0]} ${argv[1]}"`}\n\n${group}`);
      return 2;
    }
    io.stderr.write(`precept: unknown command "${argv[0]}"\n\n${mainHelp()}`);
    return 2;
  }
  const { rest } = found;
  let command: Command;
  try {
    command = await found.command.load();
  } catch (error) {
    return await reportFailure(io, found.command.name, error);
  }
  let ctx: CommandContext | undefined;
  try {
    const options: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };
    for (const [name, o] of Object.entries(command.options)) {
      options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
    } catch (error) {
      // node's own wording of what is wrong with the flags: quoted as it is.
      throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ''));
    }
    if (parsed.values['help']) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const { min, max } = command.positionals ?? { min: 0, max: 0 };
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      const { usageFailure } = await import('../core/i18n/failure.js');
      throw parsed.positionals.length < min
        ? usageFailure('cli.missing-argument', { usage: `precept ${command.name} ${command.args ?? ''}`.trim() })
        : usageFailure('cli.unexpected-argument', { argument: parsed.positionals[max] });
    }
    // Loaded here, not at start-up: `precept --version` and `--help` need none of it.
    const context = await import('./context.js');
    ctx = new context.CommandContext(io, parsed.values as CommandContext['values'], parsed.positionals, command.name);
    const code = await command.run(ctx);
    return code === 0 && ctx.incomplete ? 1 : code;
  } catch (error) {
    return await reportFailure(io, command.name, error, ctx);
  }
}

/**
 * The language a failure is told in: the language it was written in (a config's own problems),
 * else the repo's once the command has read a config, else the reader's (--locale where the
 * command has it, PRECEPT_LOCALE, the terminal's).
 */
async function failureLocale(io: CliIo, error: unknown, ctx: CommandContext | undefined): Promise<string> {
  if (error instanceof PreceptError && error.locale) return error.locale;
  if (ctx?.locale) return ctx.locale;
  const { readerLocale } = await import('./reader-locale.js');
  const given = ctx?.values['locale'];
  try {
    return readerLocale(io.env, typeof given === 'string' ? given : undefined);
  } catch {
    return readerLocale(io.env);
  }
}

/** Prints a failure (its message, its diagnostics, a pointer to --help for a bad command line) and gives the exit code. */
async function reportFailure(io: CliIo, name: string, error: unknown, ctx?: CommandContext): Promise<number> {
  // The catalogue is loaded only now: a run that goes well never reads it for this. An
  // installation whose catalogues cannot be read still gets the English message out.
  const { loadMessages } = await import('../core/i18n/messages.js');
  const locale = await failureLocale(io, error, ctx);
  let messages;
  try {
    messages = loadMessages(locale);
  } catch {
    io.stderr.write(`precept ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof PreceptError ? error.exitCode : 2;
  }
  if (error instanceof PreceptError) {
    io.stderr.write(`precept ${name}: ${error.phrase ? messages.say(error.phrase) : error.message}\n`);
    if (error.diagnostics.length) {
      // Diagnostics in the language of the file they are about (a config's locale:), "hint" too.
      const hintLabel = messages.t('cli.diagnostic.hint');
      io.stderr.write((await import('../core/diagnostics/format/pretty.js')).formatPretty(error.diagnostics, { color: false, hintLabel }));
    }
    if (error instanceof UsageError) io.stderr.write(`${messages.t('failure.cli.usage', { command: name })}\n`);
    return error.exitCode;
  }
  // A bug: what went wrong is quoted as JavaScript said it.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`precept ${name}: ${messages.t('failure.cli.internal', { message })}\n`);
  if (io.env['PRECEPT_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write(`${messages.t('failure.cli.report')}\n`);
  return 2;
}
