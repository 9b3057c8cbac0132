import type { Framework, FrameworkFamily, FrameworkGroup, FrameworkItem } from '../schema/types.generated.js';

/** A framework's criteria indexed for look-up, with what the config puts in scope. */
export interface Catalogue {
  id: string;
  name: string;
  /** Short name for messages (SOC 2, ISO 27001). */
  short: string;
  edition: string | undefined;
  groups: FrameworkGroup[];
  families: FrameworkFamily[];
  items: FrameworkItem[];
  byId: Map<string, FrameworkItem>;
  /** Where it was defined: `builtin:soc2` or a repo-relative path. */
  origin: string;
  /** Whether the config puts this framework in scope. */
  inScope: boolean;
  /** Group ids in scope (always including alwaysInScope groups); undefined = every group. */
  scopeGroups: Set<string> | undefined;
}

/** Whether one criterion of a catalogue is in the audit's scope. */
export function itemInScope(catalogue: Catalogue, item: FrameworkItem): boolean {
  if (!catalogue.inScope) return false;
  if (!catalogue.scopeGroups || item.group === undefined) return true;
  return catalogue.scopeGroups.has(item.group);
}

/** Indexes a validated framework file. */
export function indexFramework(framework: Framework, origin: string, scope: { scope: string[] | undefined } | undefined): Catalogue {
  const groups = framework.groups ?? [];
  let scopeGroups: Set<string> | undefined;
  if (scope?.scope) {
    scopeGroups = new Set(scope.scope);
    for (const g of groups) if (g.alwaysInScope) scopeGroups.add(g.id);
  }
  return {
    id: framework.id,
    name: framework.name,
    short: framework.short ?? framework.name,
    edition: framework.edition,
    groups,
    families: framework.families ?? [],
    items: framework.items,
    byId: new Map(framework.items.map((item) => [item.id, item])),
    origin,
    inScope: scope !== undefined,
    scopeGroups,
  };
}
