/**
 * Bin edges for one feature from its merged sketch (counts per bucket of sketchBoundaries), by the same rule as the
 * risk engine's computeBinEdges applied to the buckets instead of distinct values: with few non-empty buckets, an
 * edge after each; otherwise buckets are filled greedily to about equal row counts. An edge is the upper boundary of
 * a bucket, so every value of a bucket falls in the same bin. Counts below `minCount` (DP noise) count as empty.
 * @example edgesFromSketch(merged.subarray(f * buckets, (f + 1) * buckets), boundaries, 256)
 */
export function edgesFromSketch(
  counts: ArrayLike<number>,
  boundaries: Float64Array,
  maxBins = 256,
  minCount = 0.5,
): number[] {
  if (counts.length !== boundaries.length + 1) throw new RangeError('a sketch has one more bucket than boundaries');
  const buckets: number[] = [];
  const weights: number[] = [];
  for (let j = 0; j < counts.length; j++) {
    const count = Math.round(counts[j] as number);
    if (count >= minCount && count > 0) {
      buckets.push(j);
      weights.push(count);
    }
  }
  const valueBins = maxBins - 1;
  const edges: number[] = [];
  // The last non-empty bucket never gets an edge after it; a bucket past the last boundary has none anyway.
  const upper = (k: number) => boundaries[buckets[k]!]!;
  if (buckets.length <= valueBins) {
    for (let k = 0; k + 1 < buckets.length; k++) edges.push(upper(k));
    return edges;
  }
  let unassigned = weights.reduce((sum, weight) => sum + weight, 0);
  let binsLeft = valueBins;
  let inBin = 0;
  for (let k = 0; k + 1 < buckets.length && binsLeft > 1; k++) {
    inBin += weights[k]!;
    if (inBin >= unassigned / binsLeft) {
      edges.push(upper(k));
      unassigned -= inBin;
      inBin = 0;
      binsLeft--;
    }
  }
  return edges;
}
