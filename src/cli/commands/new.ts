import { existsSync } from 'node:fs';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { packageRoot } from '../../core/package-root.js';
import { scaffold, type ScaffoldKind } from '../../import/scaffold/scaffold.js';
import { schemaLocation, withSchemaModeline } from '../../import/starter/editor.js';
import { writeNewFiles } from '../../import/starter/write-new.js';
import { COMMON, type Command } from '../command.js';
import type { CommandContext } from '../context.js';

async function run(ctx: CommandContext, kind: ScaffoldKind): Promise<number> {
  const { project } = await ctx.openRepo('part');
  const made = await scaffold(project, { kind, id: ctx.positionals[0]!, title: ctx.string('title'), owner: ctx.string('owner') },
    (file) => existsSync(path.join(project.root, ...file.split('/'))));
  // A control file names its schema on its first line, as the ones `precept init` writes do.
  const text = withSchemaModeline(made.file, made.text, schemaLocation(project.root, packageRoot(), existsSync));
  const { kept } = await writeNewFiles(project.root, new Map([[made.file, text]]));
  if (kept.length) throw failure('cli.appeared', { file: made.file });
  ctx.out(loadMessages(project.config.locale).t(`cli.new.${kind}-written`, { file: made.file, owner: made.owner }));
  return 0;
}

const options = {
  root: COMMON.root,
  title: { type: 'string', value: 'TITLE', description: 'its title (default: from the id)' },
  owner: { type: 'string', value: 'PERSON', description: 'its owner, a person id from people.yaml (default: the first person listed)' },
} as const;

/** `precept new policy <id>`: a draft policy from precept's template. */
export const newPolicyCommand: Command = {
  name: 'new policy',
  summary: 'write a new draft policy (policies/<id>.md) from the template, owned by the roster\'s first person or --owner',
  args: '<id>',
  positionals: { min: 1, max: 1 },
  options,
  details: 'The id is lowercase kebab-case and names the file. The draft passes `precept check` as written.',
  run: (ctx) => run(ctx, 'policy'),
};

/** `precept new control <ID>`: a control from precept's template. */
export const newControlCommand: Command = {
  name: 'new control',
  summary: 'write a new control (controls/<id>.yaml) from the template, owned by the roster\'s first person or --owner',
  args: '<ID>',
  positionals: { min: 1, max: 1 },
  options,
  details: 'Control ids are letters, digits and - . _ (AC-01). The control passes `precept check` as written;\ncheck warns until a policy lists it under controls:.',
  run: (ctx) => run(ctx, 'control'),
};
