import semver from 'semver';

/** The size of a version change: what the MAJOR.MINOR.PATCH numbers say about it. */
export type BumpKind = 'major' | 'minor' | 'patch' | 'none' | 'downgrade';

/** Classifies the step from one version to the next by its version numbers. */
export function bumpKind(from: string, to: string): BumpKind {
  const a = semver.parse(from);
  const b = semver.parse(to);
  if (!a || !b) return 'none';
  const cmp = semver.compare(b, a);
  if (cmp === 0) return 'none';
  if (cmp < 0) return 'downgrade';
  if (b.major !== a.major) return 'major';
  if (b.minor !== a.minor) return 'minor';
  return 'patch';
}
