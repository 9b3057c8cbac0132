import type { Catalogues } from '../catalogues/load-catalogues.js';
import type { ResolvedConfig } from '../config/config.js';
import type { RepoFile } from '../load/load-assets.js';
import type { SourceFile } from '../load/source-file.js';
import type { YamlSource } from '../load/yaml-source.js';
import type { Control, Group, Person, PolicyFrontmatter } from '../schema/types.generated.js';

/** Criteria per framework id, with plain lists resolved to the default framework. */
export type CriteriaMap = Map<string, string[]>;

/** One policy file. Semantic rules only look at policies whose frontmatter passed the schema. */
export interface Policy {
  id: string;
  /** Repo-relative POSIX path. */
  file: string;
  source: SourceFile;
  /** Parsed frontmatter (undefined when the file has none or it is malformed YAML). */
  yaml: YamlSource | undefined;
  /** The frontmatter, when it passed the schema. */
  meta: PolicyFrontmatter | undefined;
  body: string;
  /** 0-based line index of the body's first line in the file. */
  bodyLine: number;
  criteria: CriteriaMap;
}

/** A policy whose frontmatter passed the schema. */
export type ValidPolicy = Policy & { meta: PolicyFrontmatter; yaml: YamlSource };

/** One control from a controls/ file. */
export interface ControlEntry {
  control: Control;
  file: string;
  /** Position of the control in its file's list. */
  index: number;
  yaml: YamlSource;
  criteria: CriteriaMap;
}

/** people.yaml, indexed. */
export interface Roster {
  file: string;
  yaml: YamlSource | undefined;
  groups: Map<string, { group: Group; index: number }>;
  people: Map<string, { person: Person; index: number }>;
  /** Every id written in the file, valid or not, so one bad entry does not cascade. */
  knownPeople: Set<string>;
  knownGroups: Set<string>;
}

/** A policy repo loaded into memory: what every stage after loading works from. */
export interface Project {
  root: string;
  config: ResolvedConfig;
  catalogues: Catalogues;
  policies: Policy[];
  controls: ControlEntry[];
  /** Every control id written, valid or not. */
  knownControls: Set<string>;
  roster: Roster;
  /** Text of every file read, by repo-relative path, for code frames. */
  sources: Map<string, string>;
  /** The files policy bodies link to or show that exist (not other policies), by repo path. */
  files: Map<string, RepoFile>;
}

/** Whether a policy's frontmatter passed the schema. */
export function isValidPolicy(policy: Policy): policy is ValidPolicy {
  return policy.meta !== undefined && policy.yaml !== undefined;
}
