import type { HistogramLayout } from './HistogramLayout.js';

/**
 * The subtraction trick: a node's histogram minus one child's is the other child's, so only the smaller child
 * needs a pass over rows. Writes into `out` (which may be `parent` itself) or a new array. With `layout` and
 * `features`, only those features' bins are computed (the rest of `out` is left as it was).
 * @example const sibling = subtractHistograms(parentHistogram, smallerChildHistogram)
 */
export function subtractHistograms(
  parent: Float64Array,
  child: Float64Array,
  out?: Float64Array | undefined,
  only?: { layout: HistogramLayout; features: ArrayLike<number> } | undefined,
): Float64Array {
  if (parent.length !== child.length) throw new RangeError('histograms of different layouts cannot be subtracted');
  const result = out ?? new Float64Array(parent.length);
  if (!only) {
    for (let i = 0; i < parent.length; i++) result[i] = parent[i]! - child[i]!;
    return result;
  }
  const { layout, features } = only;
  for (let k = 0; k < features.length; k++) {
    const feature = features[k]!;
    const start = 2 * layout.offsets[feature]!;
    const end = start + 2 * layout.binCounts[feature]!;
    for (let i = start; i < end; i++) result[i] = parent[i]! - child[i]!;
  }
  return result;
}
