import { loadMessages } from '../../core/i18n/messages.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { codeownersSection, mergeCodeowners } from '../../reports/codeowners/codeowners.js';
import { writeFileAtomically } from '../../core/output/atomic.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';

/** GitHub reads CODEOWNERS from these places, in this order. */
const LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/** `precept codeowners`: write the CODEOWNERS section that makes GitHub ask the right reviewers. */
export const codeownersCommand: Command = {
  name: 'codeowners',
  summary: "write a CODEOWNERS section mapping each policy file to its owner's and approvers' GitHub handles",
  options: {
    root: COMMON.root,
    file: { type: 'string', value: 'FILE', description: 'the CODEOWNERS file (default: the one GitHub reads, else .github/CODEOWNERS at the top of the git repository)' },
    check: { type: 'boolean', description: 'write nothing; exit 1 when the file is out of date (for CI)' },
    stdout: { type: 'boolean', description: 'print the section instead of writing it' },
    'as-of': COMMON.asOf,
  },
  details: `Only the section between the "# BEGIN precept" and "# END precept" lines is rewritten; the rest of the file is kept.
${TODAY_HELP}`,
  async run(ctx) {
    const { project, git } = await ctx.openRepo('whole');
    const top = git?.top ?? project.root;
    const section = codeownersSection(project, (rel) => (git ? git.toGitPath(rel) : rel), (await ctx.today(project.config)).date);
    const m = loadMessages(project.config.locale);
    for (const w of section.warnings) ctx.err(m.t('cli.codeowners.warning', { text: m.say(w) }));
    if (ctx.flag('stdout')) {
      ctx.out(section.text);
      return 0;
    }
    const given = ctx.string('file');
    const file = given ? path.resolve(ctx.io.cwd, given) : path.join(top, LOCATIONS.find((l) => existsSync(path.join(top, l))) ?? LOCATIONS[0]!);
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    const next = mergeCodeowners(existing, section.text);
    const shown = path.relative(ctx.io.cwd, file) || file;
    if (ctx.flag('check')) {
      if (next === existing) {
        ctx.out(m.t('cli.codeowners.up-to-date', { file: shown, count: section.entries }));
        return 0;
      }
      ctx.err(m.t('cli.codeowners.out-of-date', { file: shown }));
      return 1;
    }
    // A section without a broken policy's line would drop its required reviewers: never write one.
    if (ctx.incomplete) {
      ctx.err(m.t('cli.codeowners.not-written', { file: shown }));
      return 1;
    }
    if (next !== existing) await writeFileAtomically(file, next);
    ctx.out(m.t(next === existing ? 'cli.codeowners.unchanged' : 'cli.codeowners.wrote', { file: shown, count: section.entries }));
    return 0;
  },
};
