/**
 * Quantile bin edges for one feature from its values (NaN = missing, ignored): at most `maxBins - 1` value bins,
 * since bin 0 is kept for missing values. Edges are ascending; value bin `b` (1-based) holds the values `v` with
 * `edges[b - 2] < v <= edges[b - 1]`. With few distinct values each gets its own bin; otherwise bins are filled
 * greedily to about equal row counts, so a heavy value (say, many zeros) gets a bin of its own. Edges sit halfway
 * between neighbouring training values. This step is separate so a federation can replace it with agreed edges.
 * @example computeBinEdges(Float64Array.of(0, 0, 1, 5, Number.NaN), 256) // Float64Array [0.5, 3]
 */
export function computeBinEdges(values: ArrayLike<number>, maxBins = 256): Float64Array {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 256)
    throw new RangeError(`maxBins must be an integer in [2, 256], got ${maxBins}`);
  const present = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isNaN(value)) present[count++] = value;
  }
  if (count === 0) return new Float64Array(0);
  const sorted = present.subarray(0, count).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const value of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === value) counts[counts.length - 1]! += 1;
    else {
      distinct.push(value);
      counts.push(1);
    }
  }

  const valueBins = maxBins - 1;
  const edges: number[] = [];
  if (distinct.length <= valueBins) {
    for (let i = 0; i + 1 < distinct.length; i++) edges.push(midpoint(distinct[i]!, distinct[i + 1]!));
    return Float64Array.from(edges);
  }
  let unassigned = sorted.length;
  let binsLeft = valueBins;
  let inBin = 0;
  for (let i = 0; i + 1 < distinct.length && binsLeft > 1; i++) {
    inBin += counts[i]!;
    if (inBin >= unassigned / binsLeft) {
      edges.push(midpoint(distinct[i]!, distinct[i + 1]!));
      unassigned -= inBin;
      inBin = 0;
      binsLeft--;
    }
  }
  return Float64Array.from(edges);
}

/** A value `m` with `a <= m < b`, halfway when floating point allows. */
function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m < b && m >= a ? m : a;
}
