import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { nearest } from '../../core/i18n/phrase.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { packageRoot } from '../../core/package-root.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { parseYamlSource } from '../../repo/load/yaml-source.js';
import type { Project } from '../../repo/project/types.js';
import { validateAgainst, type SchemaName } from '../../repo/schema/validator.js';
import { yamlScalar } from '../starter/yaml-edit.js';

/** What `precept new` makes. */
export type ScaffoldKind = 'policy' | 'control';

/** A request to scaffold one policy or control. */
export interface ScaffoldRequest {
  kind: ScaffoldKind;
  id: string;
  title?: string | undefined;
  /** A person id; default: the roster's first person. */
  owner?: string | undefined;
}

/** The file to write (root-relative, POSIX) and its text. */
export interface Scaffold {
  file: string;
  text: string;
  owner: string;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CONTROL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** "access-control" -> "Access Control Policy". */
export function titleFromId(id: string): string {
  const words = id.split('-').map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`).join(' ');
  return /\bpolicy$/i.test(words) ? words : `${words} Policy`;
}

/**
 * Renders a template of precept's `scaffolds/<locale>/` with YAML-ready values (no HTML escaping:
 * the output is YAML): the repo's language, so a Japanese repo gets 目的 and 適用範囲, not
 * Purpose and Scope; English where precept has no template in that language.
 */
async function render(kind: ScaffoldKind, locale: string, values: Record<string, string | undefined>): Promise<string> {
  const file = kind === 'policy' ? 'policy.md' : 'control.yaml';
  const read = (dir: string) => readFile(path.join(packageRoot(), 'scaffolds', dir, file), 'utf8');
  const source = await read(locale).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && locale !== 'en') return read('en');
    throw error;
  });
  return Handlebars.create().compile(source, { noEscape: true, strict: false })(values);
}

/** Refuses a scaffold that would not load: a bug in the template, never the user's. */
function validate(kind: ScaffoldKind, file: string, text: string): void {
  const schema: SchemaName = kind === 'policy' ? 'policy' : 'control';
  const yaml = kind === 'policy' ? splitFrontmatter(text).yaml ?? '' : text;
  const parsed = parseYamlSource(file, yaml);
  const errors = parsed.ok ? validateAgainst(schema, parsed.source.data) : [];
  if (!parsed.ok || errors.length) throw new Error(`the ${kind} template made an invalid ${file}`);
}

/**
 * A new policy (a draft, `policies/<id>.md`) or control (`controls/<id>.yaml`) from precept's
 * templates, owned by `owner` or the roster's first person, checked against the repo: a unique
 * id, a person on the roster, a file that does not exist yet.
 */
export async function scaffold(project: Project, request: ScaffoldRequest, exists: (file: string) => boolean): Promise<Scaffold> {
  const { kind, id } = request;
  const people = [...project.roster.people.keys()];
  const owner = request.owner ?? people[0];
  if (owner === undefined) throw failure('import.no-owner', { roster: project.roster.file, kind });
  if (!project.roster.people.has(owner)) throw usageFailure('cli.unknown-person', { person: owner, roster: project.roster.file, suggest: nearest(owner, people) });
  let file: string;
  let values: Record<string, string | undefined>;
  if (kind === 'policy') {
    if (!KEBAB.test(id)) throw usageFailure('import.policy-id', { id });
    if (project.policies.some((p) => p.id === id)) throw usageFailure('import.policy-exists', { id, file: project.policies.find((p) => p.id === id)!.file });
    file = `${project.config.paths.policies}/${id}.md`;
    const everyone = [...project.roster.groups.values()].find((g) => g.group.everyone)?.group.id;
    const title = request.title ?? loadMessages(project.config.locale).t('cli.new.default-title', { id, words: titleFromId(id) });
    values = { id, title: yamlScalar(title), owner, audience: everyone };
  } else {
    if (!CONTROL_ID.test(id)) throw usageFailure('import.control-id', { id });
    const clash = project.controls.find((c) => c.control.id === id);
    if (clash) throw usageFailure('import.control-exists', { id, file: clash.file });
    file = `${project.config.paths.controls}/${id.toLowerCase()}.yaml`;
    values = { id: yamlScalar(id), title: yamlScalar(request.title ?? id), owner };
  }
  if (exists(file)) throw usageFailure('import.file-exists', { file });
  const text = await render(kind, project.config.locale, values);
  validate(kind, file, text);
  return { file, text, owner };
}
