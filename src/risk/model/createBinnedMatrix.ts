import type { FeatureMatrix } from './FeatureEncoding.js';

/**
 * Binned model inputs: `bins[feature * rowCount + row]` (column-major) is 0 for a missing value and 1… for the value
 * bins of `binEdges[feature]`. `binCounts[feature]` counts the missing bin too (edges + 2).
 */
export type BinnedMatrix = {
  rowCount: number;
  featureCount: number;
  bins: Uint8Array;
  binCounts: number[];
  /**
   * Per feature, its most frequent bin and the rows outside it (ascending): a histogram over all rows then only
   * visits those rows and takes the frequent bin's sums as the totals minus the other bins' (the sparse trick).
   */
  sparse?: { frequentBin: Uint8Array; otherRows: Uint32Array[] } | undefined;
};

/**
 * Bins every column of `matrix` with its edges.
 * @example const binned = createBinnedMatrix(inputs, inputs.columns.map((c) => computeBinEdges(c)))
 */
export function createBinnedMatrix(matrix: FeatureMatrix, binEdges: readonly ArrayLike<number>[]): BinnedMatrix {
  const { rowCount } = matrix;
  const featureCount = matrix.columns.length;
  if (binEdges.length !== featureCount)
    throw new RangeError(`expected bin edges for ${featureCount} features, got ${binEdges.length}`);
  const bins = new Uint8Array(rowCount * featureCount);
  const binCounts: number[] = [];
  const frequentBin = new Uint8Array(featureCount);
  const otherRows: Uint32Array[] = [];
  for (let feature = 0; feature < featureCount; feature++) {
    const edges = binEdges[feature]!;
    if (edges.length > 254)
      throw new RangeError(`feature ${feature} has ${edges.length} edges; at most 254 fit a byte`);
    binCounts.push(edges.length + 2);
    const column = matrix.columns[feature]!;
    const offset = feature * rowCount;
    const counts = new Uint32Array(256);
    for (let row = 0; row < rowCount; row++) {
      const bin = binIndex(edges, column[row]!);
      bins[offset + row] = bin;
      counts[bin]!++;
    }
    let frequent = 0;
    for (let bin = 1; bin < 256; bin++) if (counts[bin]! > counts[frequent]!) frequent = bin;
    frequentBin[feature] = frequent;
    const others = new Uint32Array(rowCount - counts[frequent]!);
    for (let row = 0, k = 0; row < rowCount; row++) if (bins[offset + row] !== frequent) others[k++] = row;
    otherRows.push(others);
  }
  return { rowCount, featureCount, bins, binCounts, sparse: { frequentBin, otherRows } };
}

/** The bin of `value`: 0 when missing, else 1 + the number of edges below it, so `bin <= t` ⇔ `value <= edges[t - 1]`. */
export function binIndex(edges: ArrayLike<number>, value: number): number {
  if (Number.isNaN(value)) return 0;
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((edges[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}
