import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addDuration, compareDates, type IsoDate } from '../../core/dates/calendar.js';
import { sortDiagnostics } from '../../core/diagnostics/diagnostic.js';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { slugify } from '../../repo/config/config.js';
import { readSourceFile } from '../../repo/load/source-file.js';
import type { Person } from '../../repo/schema/types.generated.js';
import type { ImportFinding } from '../findings.js';
import { validateImport } from '../validate-output.js';
import { isIndexPage, readDocument, summaryTitles, type ReadDocument } from './document.js';
import { MarkdownFindings } from './findings.js';
import { folderHistory, type FileHistory } from './git-history.js';
import { rewriteLinks, type LinkContext, type LinkTarget } from './links.js';
import { buildMeta } from './meta.js';
import { policyFileText } from './policy-file.js';
import { readMarkdownFolder } from './read-folder.js';
import { ImportedRoster, parseAuthor } from './roster.js';
import { siteTitle } from './site-title.js';

/** Options of `precept import markdown`. */
export interface MarkdownImportOptions {
  /** The date "today" means for review schedules. */
  asOf: IsoDate;
  /** The organisation's name; default: the site's title, else the folder's name. */
  organization?: string | undefined;
  /** Who owns every document: "Name <email>", or the id of one of the folder's git authors. */
  owner?: string | undefined;
  /** The status imported documents get (drafts in the source stay drafts). Default in-review. */
  status?: 'draft' | 'in-review' | 'approved' | undefined;
  /** The language of the findings (the reader's); English when not given. */
  locale?: string | undefined;
}

/** What an import produced: the files of the new repo and the user's to-do list. */
export interface MarkdownImportResult {
  /** Repo-relative path -> content (assets as bytes). */
  files: Map<string, string | Uint8Array>;
  findings: ImportFinding[];
  /** Source texts by path, for code frames. */
  sources: Map<string, string>;
  organization: string;
  summary: { documents: number; policies: number; assets: number; links: number; converted: number; kept: number; people: number; fromGit: number };
}

/** The owner comply-style imports use when nobody is known; check reports it until it is replaced. */
export const PLACEHOLDER_OWNER = 'to-be-assigned';
const GITIGNORE = 'dist/\n.precept-cache/\n*.p12\n*.pfx\n';
const ORG_FILE = 'precept.config.yaml';

const segment = (s: string) => slugify(s.replace(/^\.+/, '')).replace(/^org$/, '') || 'section';

/** A policy id from a document's path: its file name, or its folder's for an index page. */
function baseId(doc: ReadDocument, root: string): string {
  if (!isIndexPage(doc.source)) return segment(path.posix.basename(doc.source).replace(/\.(md|markdown|mdx)$/i, '').replace(/^\d+[-_. ]+(?=\D)/, ''));
  const dir = path.posix.dirname(doc.source);
  return dir === '.' ? segment(doc.title) || segment(path.basename(root)) : segment(path.posix.basename(dir));
}

/**
 * Imports a folder of Markdown (Hugo, Jekyll, GitBook, Docusaurus, MkDocs, or none) as a precept
 * repo: each document a policy whose title, summary, dates and drafts come from its front matter,
 * leading heading and git history, with the keys precept has no field for kept under x:, its
 * links rewritten to the new files, and its owner the author git knows best. Pure until the
 * caller writes the files.
 */
export async function importMarkdown(sourceDir: string, options: MarkdownImportOptions): Promise<MarkdownImportResult> {
  const folder = await readMarkdownFolder(sourceDir);
  const findings = new MarkdownFindings(options.locale);
  const sources = new Map<string, string>();
  const history = await folderHistory(folder.root);
  const titles = folder.summary ? summaryTitles(await readFile(path.join(folder.root, folder.summary), 'utf8').catch(() => '')) : new Map<string, string>();

  const docs: ReadDocument[] = [];
  for (const source of folder.documents) {
    const read = await readSourceFile(folder.root, path.join(folder.root, ...source.split('/')), { locale: findings.locale });
    if (!read.ok) {
      findings.add(source, read.diagnostic, 'markdown-frontmatter', findings.say('markdown.not-imported', { problem: read.diagnostic.message }), { severity: 'error' });
      continue;
    }
    sources.set(source, read.source.text);
    const doc = readDocument(source, read.source.text, titles, findings);
    if (doc) docs.push(doc);
  }

  // Ids from file names, unique: a clash takes its folder's name as a prefix, then a number.
  const targets = new Map<string, LinkTarget>();
  const ids = new Map<ReadDocument, string>();
  const taken = new Set<string>();
  for (const doc of docs) {
    let id = baseId(doc, folder.root);
    if (taken.has(id)) {
      const first = id;
      const dir = path.posix.dirname(isIndexPage(doc.source) ? path.posix.dirname(doc.source) : doc.source);
      if (dir !== '.') id = `${segment(path.posix.basename(dir))}-${id}`;
      for (let n = 2; taken.has(id); n++) id = `${first}-${n}`;
      findings.add(doc.source, { line: 1, column: 1 }, 'markdown-id', findings.say('markdown.same-id', { first, id }));
    }
    taken.add(id);
    ids.set(doc, id);
    const dir = path.posix.dirname(isIndexPage(doc.source) ? path.posix.dirname(doc.source) : doc.source);
    const folders = dir === '.' ? [] : dir.split('/').map(segment);
    // A site's own policies/ section needs no second policies/ folder around it.
    if (folders[0] === 'policies') folders.shift();
    const file = ['policies', ...folders, `${id}.md`].join('/');
    targets.set(doc.source, { source: doc.source, file, title: doc.title, slugs: doc.slugs, anchors: doc.anchors });
  }

  // Findings made while reading a document name what check will report in its new file.
  for (const f of findings.list) {
    const file = targets.get(f.diagnostic.file)?.file;
    if (file) for (const e of f.expect) if (e.file === '') e.file = file;
  }
  const assets = new Map<string, string>();
  const context: LinkContext = {
    locale: findings.locale,
    documents: targets,
    isAsset: (source) => folder.assets.has(source),
    placeAsset: (source) => {
      let placed = assets.get(source);
      if (!placed) {
        const segments = source.split('/').map((s) => s.replace(/^\.+/, ''));
        if (segments[0] === 'policies' && segments.length > 1) segments.shift();
        assets.set(source, (placed = ['policies', ...segments].join('/')));
      }
      return placed;
    },
  };

  const roster = new ImportedRoster();
  let forced: Person | undefined;
  if (options.owner !== undefined) {
    const author = parseAuthor(options.owner);
    forced = author ? roster.person(author) : undefined;
    if (!forced) {
      const byId = [...history.values()].flatMap((h) => h.authors).map((a) => roster.person(a.author)).find((p) => p?.id === options.owner);
      if (!byId) throw usageFailure('import.owner', { value: options.owner });
      forced = byId;
    }
  }
  const owners = new Map<string, Person>();
  const summary: MarkdownImportResult['summary'] = { documents: folder.documents.length, policies: 0, assets: 0, links: 0, converted: 0, kept: 0, people: 0, fromGit: 0 };
  const files = new Map<string, string | Uint8Array>();
  for (const doc of docs) {
    const target = targets.get(doc.source)!;
    const rewritten = rewriteLinks(doc.body, target, context);
    for (const p of rewritten.problems) {
      findings.add(doc.source, { line: doc.sourceLine(p.line), column: p.column }, p.kind === 'image' ? 'markdown-image' : 'markdown-link', p.message);
    }
    const git: FileHistory | undefined = history.get(doc.source);
    if (git) summary.fromGit++;
    const owner = forced ?? chooseOwner(doc, git, roster);
    if (owner) owners.set(owner.id, owner);
    else {
      findings.add(doc.source, { line: 1, column: 1 }, 'markdown-owner', findings.say('markdown.no-owner', { file: target.file, placeholder: PLACEHOLDER_OWNER }),
        { hint: findings.say('markdown.no-owner-hint'), expect: [{ file: target.file, ruleId: 'unknown-person' }] });
    }
    const built = buildMeta({
      id: ids.get(doc)!, doc, git, owner: owner?.id ?? PLACEHOLDER_OWNER, status: options.status, asOf: options.asOf,
    });
    if (built.longSummary) {
      findings.add(doc.source, { line: 1, column: 1 }, 'markdown-summary', findings.say('markdown.summary'));
    }
    const basis = built.meta['effective'] as IsoDate | undefined;
    if (!basis) {
      findings.add(doc.source, { line: 1, column: 1 }, 'markdown-review', findings.say('markdown.no-date'),
        { hint: findings.say('markdown.no-date-hint'), expect: [{ file: target.file, ruleId: 'review-overdue' }] });
    } else if (compareDates(addDuration(basis, { years: 1, months: 0, weeks: 0, days: 0 }), options.asOf) < 0) {
      findings.add(doc.source, { line: 1, column: 1 }, 'markdown-review', findings.say('markdown.overdue', { date: basis }),
        { hint: findings.say('markdown.overdue-hint'), expect: [{ file: target.file, ruleId: 'review-overdue' }] });
    }
    files.set(target.file, policyFileText(built.meta, built.passthrough, doc.source, rewritten.text));
    summary.policies++;
    summary.links += rewritten.links;
    summary.converted += doc.converted;
    summary.kept += Object.keys(built.passthrough).length;
  }
  for (const [source, placed] of assets) files.set(placed, await readFile(folder.assets.get(source)!));
  summary.assets = assets.size;
  summary.people = owners.size;

  const site = await siteTitle(folder.root);
  let organization = options.organization?.replace(/\s+/g, ' ').trim() || site?.title;
  if (!organization) {
    organization = path.basename(folder.root);
    findings.add(ORG_FILE, { line: 1, column: 1 }, 'markdown-organization', findings.say('markdown.organization', { name: organization }),
      { hint: findings.say('markdown.organization-hint') });
  }
  if (docs.length) {
    findings.add(ORG_FILE, { line: 1, column: 1 }, 'markdown-coverage', findings.say('markdown.coverage'),
      { hint: findings.say('markdown.coverage-hint'), expect: [{ file: ORG_FILE, ruleId: 'coverage-gap' }] });
  }
  files.set('precept.config.yaml', configText(organization));
  files.set('people.yaml', peopleText([...owners.values()]));
  files.set('records/approvals.jsonl', '');
  files.set('records/acknowledgements.jsonl', '');
  files.set('.gitignore', GITIGNORE);
  validateImport(new Map([...files].filter((e): e is [string, string] => typeof e[1] === 'string')));
  if (!summary.policies && !findings.list.some((f) => f.diagnostic.severity === 'error')) throw failure('import.no-text', { dir: sourceDir });

  const list = findings.list;
  const rank = new Map(sortDiagnostics(list.map((f) => f.diagnostic)).map((d, i) => [d, i]));
  list.sort((a, b) => rank.get(a.diagnostic)! - rank.get(b.diagnostic)!);
  return { files, findings: list, sources, organization, summary };
}

/** The owner: an author named in the front matter whom git also knows, else the file's most frequent author. */
function chooseOwner(doc: ReadDocument, git: FileHistory | undefined, roster: ImportedRoster): Person | undefined {
  const people = (git?.authors ?? []).map((a) => roster.person(a.author)).filter((p): p is Person => p !== undefined);
  return people.find((p) => doc.mapped.authors.some((name) => ImportedRoster.names(p, name))) ?? people[0];
}

function configText(organization: string): string {
  const scalar = JSON.stringify(organization);
  return [
    '# Written by `precept import markdown`. Every key is described in the README.',
    'organization:',
    `  name: ${scalar}`,
    `  slug: ${slugify(organization)}`,
    'timezone: UTC                  # IANA time zone: the day "today" is for reviews and deadlines',
    'defaultFramework: soc2',
    'frameworks:',
    '  soc2:',
    '    scope: [security]          # add availability, confidentiality, ... as your report covers them',
    '',
  ].join('\n');
}

function peopleText(people: readonly Person[]): string {
  const lines = [
    '# The roster: who owns, approves and must acknowledge the policies (see the README).',
    '# `precept import markdown` listed the authors git knows for the imported documents, each',
    '# owning the documents they wrote most of. Add everyone who must read the policies.',
    'groups:',
    '  - id: all-staff',
    '    name: All staff',
    '    everyone: true',
  ];
  if (!people.length) return `${lines.join('\n')}\npeople: []\n`;
  lines.push('people:');
  for (const p of [...people].sort((a, b) => a.id.localeCompare(b.id))) {
    lines.push(`  - id: ${p.id}`, `    name: ${JSON.stringify(p.name)}`, `    email: ${JSON.stringify(p.email)}`);
    if (p.github) lines.push(`    github: ${p.github}`);
  }
  return `${lines.join('\n')}\n`;
}
