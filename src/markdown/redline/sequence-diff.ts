/** A stretch of a diff between two sequences: items kept, removed from the first or added from the second. */
export interface SequenceChange {
  count: number;
  added: boolean;
  removed: boolean;
}

interface Component extends SequenceChange {
  previous: Component | undefined;
}

interface Path {
  oldPos: number;
  last: Component | undefined;
}

/**
 * The diff of two sequences compared with `===`, exactly as the `diff` package's `diffArrays`
 * finds it (its Myers algorithm, step for step: the same choice among diffs of equal length), so
 * redlines read the same. The package keeps its paths in an array indexed by diagonal, negative
 * ones included, which makes V8 store it as a dictionary: a redline's block and word diffs cost
 * about four times what they do here, where diagonals are offset into a plain array.
 * test/redline.test.ts holds the two to the same results.
 */
export function diffSequences<T>(oldItems: readonly T[], newItems: readonly T[]): SequenceChange[] {
  const oldLen = oldItems.length;
  const newLen = newItems.length;
  const maxEditLength = oldLen + newLen;
  // Diagonals run from -maxEditLength - 1 to maxEditLength + 1.
  const offset = maxEditLength + 1;
  const bestPath: (Path | undefined)[] = new Array<Path | undefined>(2 * offset + 1).fill(undefined);

  /** Follows a diagonal while the items agree. */
  const extractCommon = (path: Path, diagonal: number): number => {
    let oldPos = path.oldPos;
    let newPos = oldPos - diagonal;
    let common = 0;
    while (newPos + 1 < newLen && oldPos + 1 < oldLen && oldItems[oldPos + 1] === newItems[newPos + 1]) {
      newPos++;
      oldPos++;
      common++;
    }
    if (common) path.last = { count: common, added: false, removed: false, previous: path.last };
    path.oldPos = oldPos;
    return newPos;
  };
  const addToPath = (path: Path, added: boolean, removed: boolean, oldPosInc: number): Path => {
    const last = path.last;
    return last && last.added === added && last.removed === removed
      ? { oldPos: path.oldPos + oldPosInc, last: { count: last.count + 1, added, removed, previous: last.previous } }
      : { oldPos: path.oldPos + oldPosInc, last: { count: 1, added, removed, previous: last } };
  };

  const start: Path = { oldPos: -1, last: undefined };
  bestPath[offset] = start;
  let newPos = extractCommon(start, 0);
  if (start.oldPos + 1 >= oldLen && newPos + 1 >= newLen) return changes(start.last);
  let minDiagonal = -Infinity;
  let maxDiagonal = Infinity;
  for (let editLength = 1; editLength <= maxEditLength; editLength++) {
    for (let diagonal = Math.max(minDiagonal, -editLength); diagonal <= Math.min(maxDiagonal, editLength); diagonal += 2) {
      const removePath = bestPath[offset + diagonal - 1];
      const addPath = bestPath[offset + diagonal + 1];
      if (removePath) bestPath[offset + diagonal - 1] = undefined;
      let canAdd = false;
      if (addPath) {
        const addPathNewPos = addPath.oldPos - diagonal;
        canAdd = 0 <= addPathNewPos && addPathNewPos < newLen;
      }
      const canRemove = removePath !== undefined && removePath.oldPos + 1 < oldLen;
      if (!canAdd && !canRemove) {
        bestPath[offset + diagonal] = undefined;
        continue;
      }
      const path = !canRemove || (canAdd && removePath.oldPos < addPath!.oldPos) ? addToPath(addPath!, true, false, 0) : addToPath(removePath, false, true, 1);
      newPos = extractCommon(path, diagonal);
      if (path.oldPos + 1 >= oldLen && newPos + 1 >= newLen) return changes(path.last);
      bestPath[offset + diagonal] = path;
      if (path.oldPos + 1 >= oldLen) maxDiagonal = Math.min(maxDiagonal, diagonal - 1);
      if (newPos + 1 >= newLen) minDiagonal = Math.max(minDiagonal, diagonal + 1);
    }
  }
  // Unreachable: a diff never takes more edits than both sequences have items.
  throw new Error('sequence diff did not finish');
}

/** The components of a path, first to last. */
function changes(last: Component | undefined): SequenceChange[] {
  const out: SequenceChange[] = [];
  for (let c = last; c; c = c.previous) out.push({ count: c.count, added: c.added, removed: c.removed });
  return out.reverse();
}
