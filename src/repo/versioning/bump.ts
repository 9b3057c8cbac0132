// The two functions, not the whole package (47 modules) that every build would load for them.
import compare from 'semver/functions/compare.js';
import parse from 'semver/functions/parse.js';

/** The size of a version change: what the MAJOR.MINOR.PATCH numbers say about it. */
export type BumpKind = 'major' | 'minor' | 'patch' | 'none' | 'downgrade';

/** Classifies the step from one version to the next by its version numbers. */
export function bumpKind(from: string, to: string): BumpKind {
  const a = parse(from);
  const b = parse(to);
  if (!a || !b) return 'none';
  const cmp = compare(b, a);
  if (cmp === 0) return 'none';
  if (cmp < 0) return 'downgrade';
  if (b.major !== a.major) return 'major';
  if (b.minor !== a.minor) return 'minor';
  return 'patch';
}
