import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import { slugify } from '../../repo/config/config.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { editorFiles, withSchemaModeline, type SchemaLocation } from './editor.js';
import { setYamlValue } from './yaml-edit.js';

/** What to start a repo from: a starter (`starters/<locale>/`) or the example organisation. */
export interface StarterRequest {
  /** The folder to copy. */
  source: string;
  /**
   * `example`: the example organisation, which arrives without its ledgers and with its policies
   * in review, since nobody in the new organisation has approved them.
   */
  kind: 'starter' | 'example';
  /** The organisation's name, written into precept.config.yaml (with a slug from it). */
  organization?: string | undefined;
  /** Where editors find precept's JSON Schemas. */
  schemas: SchemaLocation;
}

/** The files of a new repo, by POSIX path relative to its root. */
export type StarterFiles = Map<string, string>;

/** The ledgers a new repo starts with: present, and empty. */
export const LEDGERS = ['records/approvals.jsonl', 'records/acknowledgements.jsonl'] as const;

/** Never copied: build output, caches, and (for the example) the example's own ledgers. */
const SKIPPED = new Set(['dist', '.precept-cache', 'node_modules', '.git']);

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (SKIPPED.has(entry.name)) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

/** Marks an approved policy as in review: the frontmatter's `status` value, edited in place. */
function inReview(text: string): string {
  const split = splitFrontmatter(text);
  if (split.yaml === undefined) return text;
  const start = text.indexOf('\n') + 1;
  const yaml = split.yaml;
  if (!/^status:\s*approved\b/m.test(yaml)) return text;
  const edited = setYamlValue(yaml, ['status'], 'in-review');
  return `${text.slice(0, start)}${edited}${text.slice(start + yaml.length)}`;
}

/**
 * The files of a new repo made from a starter or the example: copied as they are, except that
 * the example's ledgers stay behind (a new organisation starts with empty ones, never someone
 * else's history) and its approved policies become in review; the organisation's name goes into
 * the config; YAML files name their schema, and `.vscode/` points editors at the schemas.
 */
export async function starterFiles(request: StarterRequest): Promise<StarterFiles> {
  let names: string[];
  try {
    names = await listFiles(request.source);
  } catch (error) {
    throw failure('cli.cannot-read', { file: request.source, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }, { cause: error });
  }
  const files: StarterFiles = new Map();
  for (const name of names) {
    if (request.kind === 'example' && name.startsWith('records/')) continue;
    let text = await readFile(path.join(request.source, name), 'utf8');
    if (request.kind === 'example' && name.startsWith('policies/') && name.endsWith('.md')) text = inReview(text);
    if (name === 'precept.config.yaml' && request.organization !== undefined) {
      text = setYamlValue(text, ['organization', 'name'], request.organization);
      // A name with no Latin letters or digits (株式会社アクメ) gives no slug: the starter's stays.
      if (/[a-z0-9]/i.test(request.organization.normalize('NFKD'))) text = setYamlValue(text, ['organization', 'slug'], slugify(request.organization));
    }
    files.set(name, withSchemaModeline(name, text, request.schemas));
  }
  if (!files.has('precept.config.yaml')) throw failure('import.not-starter', { dir: request.source });
  for (const ledger of LEDGERS) if (!files.has(ledger)) files.set(ledger, '');
  for (const [name, text] of editorFiles(request.schemas)) files.set(name, text);
  return files;
}
