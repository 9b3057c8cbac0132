import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadCatalogues } from '../catalogues/load-catalogues.js';
import { loadConfig } from '../config/config.js';
import type { Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { failure } from '../../core/i18n/failure.js';
import type { Project } from '../project/types.js';
import { loadReferencedFiles } from './load-assets.js';
import { loadControls } from './load-controls.js';
import { loadPolicies } from './load-policies.js';
import { loadRoster } from './load-roster.js';
import type { SourceFile } from './source-file.js';

/** A loaded repo and the problems found while reading and validating its files. */
export interface LoadResult {
  project: Project;
  diagnostics: Diagnostic[];
}

/**
 * Loads a policy repo: config, catalogues, roster, controls and policies, each file parsed with
 * positions and validated against its schema. Throws PreceptError only when the run cannot go on
 * (no such folder, broken config); everything about individual files is a diagnostic, in the
 * config's language: the config is read first, so each loader gets the locale (and says anything
 * in it only when there is something to say).
 */
export async function loadProject(rootDir: string): Promise<LoadResult> {
  const root = path.resolve(rootDir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw failure('import.not-a-repo-folder', { dir: rootDir });
  const config = await loadConfig(root);
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);
  const sources: SourceFile[] = [];
  const catalogueResult = await loadCatalogues(root, config, sources);
  diagnostics.push(...catalogueResult.diagnostics);
  const [rosterResult, controlResult, policyResult] = await Promise.all([
    loadRoster(root, config.paths.people, report, config.locale),
    loadControls(root, config.paths.controls, config.defaultFramework, report, config.locale),
    loadPolicies(root, config.paths.policies, config.defaultFramework, report, config.locale),
  ]);
  if (rosterResult.source) sources.push(rosterResult.source);
  sources.push(...controlResult.sources, ...policyResult.sources);
  const texts = new Map(sources.map((s) => [s.file, s.text]));
  if (config.file) texts.set(config.file, '');
  const project: Project = {
    root,
    config,
    catalogues: catalogueResult.catalogues,
    policies: policyResult.policies,
    controls: controlResult.controls,
    knownControls: controlResult.known,
    roster: rosterResult.roster,
    sources: texts,
    files: await loadReferencedFiles(root, policyResult.policies),
  };
  return { project, diagnostics };
}
