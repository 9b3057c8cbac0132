/** Levenshtein distance, capped for speed on long strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `value` (case-insensitive), if it is close enough to be a plausible
 * typo: within a third of the length, and at most 3 edits.
 */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const needle = value.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = editDistance(needle, candidate.toLowerCase());
    if (score < bestScore || (score === bestScore && best !== undefined && closer(needle, candidate, best))) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.min(3, Math.max(1, Math.ceil(needle.length / 3)));
  return bestScore <= limit ? best : undefined;
}

/** " - did you mean X?" or "" when nothing is close. */
export function suggestion(value: string, candidates: Iterable<string>): string {
  const hit = didYouMean(value, candidates);
  return hit === undefined ? '' : ` - did you mean ${hit}?`;
}

/**
 * Tie-break between equally distant candidates: the one whose first differing character is
 * nearest in code point, so CC9.9 suggests CC9.2 rather than CC9.1.
 */
function closer(needle: string, a: string, b: string): boolean {
  const gap = (c: string) => {
    const lower = c.toLowerCase();
    for (let i = 0; i < Math.min(needle.length, lower.length); i++) {
      if (needle[i] !== lower[i]) return Math.abs(needle.charCodeAt(i) - lower.charCodeAt(i));
    }
    return Math.abs(needle.length - lower.length);
  };
  const ga = gap(a);
  const gb = gap(b);
  return ga < gb || (ga === gb && a < b);
}
