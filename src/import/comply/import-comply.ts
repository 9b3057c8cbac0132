import path from 'node:path';
import { stringify } from 'yaml';
import { itemInScope } from '../../repo/catalogues/catalogue.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { sortDiagnostics } from '../../core/diagnostics/diagnostic.js';
import type { BodyStats } from './body/convert.js';
import { configFileText, readOrganization, type ImportedOrganization } from './config-file.js';
import { CONTROLS_FILE, controlsFileText, type ControlDraft } from './controls-file.js';
import { Findings, type ImportFinding } from './findings.js';
import { importPolicy, type DocumentContext } from './import-document.js';
import { importProcedure } from './import-procedure.js';
import { peopleFileText } from './people-file.js';
import { policyFileText, type PolicyDraft } from './policy-file.js';
import { readComplyMeta } from './read-meta.js';
import { readComplyProject } from './read-project.js';
import { splitComplyDocument } from './split.js';
import { StandardMap } from './standards.js';
import { validateImport } from '../validate-output.js';

/** Options of an import. */
export interface ImportOptions {
  /** The organisation name; wins over comply.yml's `name`. */
  organization?: string;
  /** The date "today" means for review schedules. */
  asOf: IsoDate;
  /** The language of the findings (the reader's); English when not given. */
  locale?: string | undefined;
}

/** What an import produced: the files of the new repo and the user's to-do list. */
export interface ImportResult {
  /** Repo-relative path -> content. */
  files: Map<string, string>;
  findings: ImportFinding[];
  /** comply file texts by path, for code frames. */
  sources: Map<string, string>;
  organization: ImportedOrganization;
  summary: {
    documents: number;
    policies: number;
    narratives: number;
    controls: number;
    frameworks: number;
    notImported: number;
    fieldsFilled: number;
  } & BodyStats;
}

const GITIGNORE = 'dist/\n.precept-cache/\n';

/**
 * Imports a comply project: policies and narratives become policies, procedures controls,
 * standards frameworks, comply.yml precept.config.yaml. Pure: reads the comply folder and
 * returns the files to write, so the CLI decides where (and atomically).
 */
export async function importComply(complyRoot: string, options: ImportOptions): Promise<ImportResult> {
  const findings = new Findings(options.locale);
  const project = await readComplyProject(complyRoot, findings);
  const organization = readOrganization(project.config, options.organization, findings);
  const standards = await StandardMap.build(project.standards, findings);
  const ctx: DocumentContext = { organization: organization.name, asOf: options.asOf, standards, findings };
  const sources = new Map<string, string>();
  for (const f of [...project.documents, ...project.standards, ...(project.config ? [project.config] : [])]) sources.set(f.file, f.text);

  const summary: ImportResult['summary'] = {
    documents: project.documents.length, policies: 0, narratives: 0, controls: 0, frameworks: 0, notImported: 0, fieldsFilled: 0,
    gridTables: 0, pipeTables: 0, htmlTables: 0, pageBreaks: 0, lists: 0,
  };
  const policies: PolicyDraft[] = [];
  const controls: ControlDraft[] = [];
  const policyIds = new Set<string>();
  const controlIds = new Set<string>();
  for (const doc of project.documents) {
    const split = splitComplyDocument(doc.text);
    if (!split) {
      findings.add(doc.file, { line: 1, column: 1 }, 'comply-metadata', findings.say('comply.no-split'),
        { severity: 'error', hint: findings.say('comply.no-split-hint') });
      summary.notImported++;
      continue;
    }
    if (split.openingFence) {
      findings.add(doc.file, { line: 1, column: 1 }, 'comply-split', findings.say('comply.opening-fence'));
    } else if (split.midLine) {
      findings.add(doc.file, split.midLine, 'comply-split', findings.say('comply.mid-line'),
        { hint: findings.say('comply.mid-line-hint') });
    }
    const meta = readComplyMeta(doc.file, split, doc.kind, findings);
    if (!meta) {
      summary.notImported++;
      continue;
    }
    const stem = path.posix.basename(doc.file, '.md');
    if (doc.kind === 'procedure') {
      controls.push(importProcedure(doc.file, split, meta, stem, controlIds, ctx));
      continue;
    }
    let id = policyId(stem);
    if (doc.kind === 'narrative' && !id.endsWith('-narrative')) id = `${id}-narrative`;
    if (policyIds.has(id)) {
      let n = 2;
      while (policyIds.has(`${id}-${n}`)) n++;
      findings.add(doc.file, { line: 1, column: 1 }, 'comply-id', findings.say('comply.same-id', { first: id, id: `${id}-${n}` }));
      id = `${id}-${n}`;
    }
    policyIds.add(id);
    const file = doc.kind === 'narrative' ? `policies/narratives/${id}.md` : `policies/${id}.md`;
    const imported = importPolicy(doc.file, split, meta, { id, file, kind: doc.kind }, ctx);
    policies.push(imported.draft);
    summary[doc.kind === 'narrative' ? 'narratives' : 'policies']++;
    summary.fieldsFilled += imported.filled;
    for (const key of ['gridTables', 'pipeTables', 'htmlTables', 'pageBreaks', 'lists'] as const) summary[key] += imported.stats[key];
  }
  summary.controls = controls.length;

  const frameworks = scopeFrameworks(standards, policies, controls, findings);
  const files = new Map<string, string>();
  const generated = standards.all().filter((t) => t.generated && frameworks.scope.has(t.framework));
  summary.frameworks = generated.length;
  files.set('precept.config.yaml', configFileText(organization, frameworks.scope, frameworks.defaultFramework));
  files.set('people.yaml', peopleFileText());
  files.set('.gitignore', GITIGNORE);
  for (const p of policies) files.set(p.file, policyFileText(p));
  if (controls.length) files.set(CONTROLS_FILE, controlsFileText(controls));
  for (const t of generated) files.set(`frameworks/${t.framework}.yaml`, `# Imported from comply's ${t.file!.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')}.\n${stringifyFramework(t.generated!)}`);
  validateImport(files);

  const list = findings.list;
  const rank = new Map(sortDiagnostics(list.map((f) => f.diagnostic)).map((d, i) => [d, i]));
  list.sort((a, b) => rank.get(a.diagnostic)! - rank.get(b.diagnostic)!);
  return { files, findings: list, sources, organization, summary };
}

/** A policy id from a comply file name: lowercase kebab-case, short enough to leave room for "-narrative". */
function policyId(stem: string): string {
  return stem.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || 'policy';
}

function stringifyFramework(fw: object): string {
  return stringify(fw, { lineWidth: 0 });
}

/**
 * The frameworks to put in scope: SOC 2 when the project has a TSC standard or cites one,
 * limited to the categories its standard file (else its documents) covers; every other
 * standard as a repo framework. Criteria in scope that no document satisfies are reported:
 * `precept check` calls them coverage gaps.
 */
function scopeFrameworks(standards: StandardMap, policies: PolicyDraft[], controls: ControlDraft[], findings: Findings) {
  const covered = new Map<string, Set<string>>();
  const cover = (fw: string, ids: readonly string[]) => {
    const set = covered.get(fw) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    covered.set(fw, set);
  };
  for (const p of policies) for (const [fw, ids] of p.criteria) cover(fw, ids);
  for (const c of controls) for (const [fw, ids] of Object.entries(c.control.criteria ?? {})) cover(fw, ids as string[]);

  const scope = new Map<string, string[] | undefined>();
  const soc2 = standards.soc2Catalogue;
  const soc2Target = standards.all().find((t) => t.framework === 'soc2');
  const others = standards.all().filter((t) => t.generated);
  if (soc2Target || covered.has('soc2') || !others.length) {
    const ids = soc2Target?.listed ?? covered.get('soc2') ?? new Set<string>();
    const groups = new Set(['security', ...[...ids].map((id) => soc2.byId.get(id)?.group).filter((g): g is string => g !== undefined)]);
    scope.set('soc2', soc2.groups.map((g) => g.id).filter((g) => groups.has(g)));
  }
  for (const t of others) scope.set(t.framework, undefined);

  for (const [fw, groups] of scope) {
    const target = fw === 'soc2' ? soc2Target : others.find((t) => t.framework === fw);
    const catalogue = target?.catalogue ?? soc2;
    const scoped = { ...catalogue, inScope: true, scopeGroups: groups ? new Set(groups) : undefined };
    for (const item of catalogue.items) {
      if (!itemInScope(scoped, item) || covered.get(fw)?.has(item.id)) continue;
      const at = target?.positions.get(item.id) ?? { line: 1, column: 1 };
      findings.add(target?.file ?? 'comply.yml', at, 'comply-coverage', findings.say('comply.coverage', { framework: catalogue.short, id: item.id, title: item.title }),
        { hint: findings.say('comply.coverage-hint', { id: item.id }), expect: [{ file: 'precept.config.yaml', ruleId: 'coverage-gap', contains: `${catalogue.short} ${item.id} (` }] });
    }
  }
  return { scope, defaultFramework: scope.has('soc2') ? 'soc2' : [...scope.keys()][0]! };
}
