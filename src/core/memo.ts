/**
 * A memo of a pure function of its key, bounded so that a long-running process (`precept dev`,
 * `precept serve` reloading builds) cannot grow it without end.
 *
 * This is the one way precept remembers results across calls at module level. It is only for
 * results that depend on the key and nothing else (a body's text, a version string), so an entry
 * can never be stale: keys hold the whole input, never a name or path whose content may change.
 * Anything that owns a resource (a browser, a server, a file) or depends on a repo belongs to a
 * context object that is closed in a `finally`, not here.
 */
export class Memo<K, V> {
  private readonly entries = new Map<K, V>();
  private weight = 0;

  /**
   * @param limit at most this many entries, and (with `weigh`) at most this total weight; the
   *   oldest entries go first.
   */
  constructor(private readonly limit: { entries: number; weight?: number; weigh?: (key: K) => number }) {}

  /** The remembered result for `key`, else `compute()`'s (which must depend on `key` alone). */
  get(key: K, compute: () => V): V {
    // One look-up on a hit: keys are often long texts, and each look-up compares the whole key.
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = compute();
    const weight = this.limit.weigh?.(key) ?? 0;
    // A key heavier than the whole budget is computed each time rather than evicting everything.
    if (this.limit.weight !== undefined && weight > this.limit.weight) return value;
    this.entries.set(key, value);
    this.weight += weight;
    while (this.entries.size > this.limit.entries || (this.limit.weight !== undefined && this.weight > this.limit.weight)) {
      const oldest = this.entries.keys().next().value as K;
      this.weight -= this.limit.weigh?.(oldest) ?? 0;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** How many results are remembered (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
