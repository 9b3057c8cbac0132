import type { CommandContext } from './context.js';

/** One flag of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder in help, e.g. DIR. */
  value?: string;
  description: string;
}

/** A CLI command: its name (possibly two words, `ledger verify`), flags and run function. */
export interface Command {
  name: string;
  summary: string;
  /** Positional arguments as shown in help, e.g. "[DIR]" or "<policy>". */
  args?: string;
  /** Allowed number of positionals. */
  positionals?: { min: number; max: number };
  options: Record<string, OptionSpec>;
  /** Extra help text after the flags. */
  details?: string;
  run(ctx: CommandContext): Promise<number>;
}

/** Shared flag definitions. */
export const COMMON = {
  root: { type: 'string', value: 'DIR', description: 'policy repo to work on (default: the current folder)' },
  format: { type: 'string', value: 'FORMAT', description: 'output format' },
  asOf: { type: 'string', value: 'DATE', description: 'treat DATE (YYYY-MM-DD) as today; `today` for the clock\'s day (default: see "Today" below)' },
  quiet: { type: 'boolean', short: 'q', description: 'print errors only, no summary' },
  out: { type: 'string', value: 'DIR', description: 'output folder (default: dist/ under the root)' },
} as const satisfies Record<string, OptionSpec>;

/** How every command that judges dates picks "today", for its help. */
export const TODAY_HELP = [
  'Today: --as-of DATE when given; else the day of the HEAD commit (or of SOURCE_DATE_EPOCH) in the',
  'config\'s timezone (default UTC), the same day for check, build, dev, due, review and the rest; the',
  'clock\'s day outside git. Pass --as-of today in scheduled jobs that should follow the calendar.',
].join('\n');

/** Renders `precept <name> --help`. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: precept ${command.name}${command.args ? ` ${command.args}` : ''} [options]`, '', command.summary, '', 'Options:'];
  const entries = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, o.description] as const;
  });
  entries.push(['-h, --help', 'show this help']);
  const width = Math.max(...entries.map(([f]) => f.length)) + 2;
  for (const [flag, description] of entries) lines.push(`  ${flag.padEnd(width)}${description}`);
  if (command.details) lines.push('', command.details.trim());
  return `${lines.join('\n')}\n`;
}
