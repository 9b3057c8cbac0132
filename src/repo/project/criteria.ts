import type { CriteriaMap } from './types.js';

/** Resolves a `criteria:` value (a plain list or a map) into framework -> ids. */
export function normalizeCriteria(value: string[] | Record<string, string[] | undefined> | undefined, defaultFramework: string): CriteriaMap {
  const map: CriteriaMap = new Map();
  if (!value) return map;
  if (Array.isArray(value)) {
    if (value.length) map.set(defaultFramework, [...value]);
    return map;
  }
  for (const [fw, ids] of Object.entries(value)) if (ids?.length) map.set(fw, [...ids]);
  return map;
}

/** The YAML path of one criterion id, for pointing diagnostics at it. */
export function criterionPath(value: unknown, framework: string, index: number): (string | number)[] {
  return Array.isArray(value) ? ['criteria', index] : ['criteria', framework, index];
}
