/**
 * Where each feature's bins sit in a histogram. A histogram is a Float64Array of `2 * totalBins` numbers: for bin
 * `b` of feature `f`, the gradient sum at `2 * (offsets[f] + b)` and the hessian sum right after it. Every party
 * of a federation uses the same layout, so histograms add element by element.
 */
export type HistogramLayout = {
  binCounts: readonly number[];
  offsets: Uint32Array;
  totalBins: number;
};

/** @example const layout = createHistogramLayout(binned.binCounts) */
export function createHistogramLayout(binCounts: readonly number[]): HistogramLayout {
  const offsets = new Uint32Array(binCounts.length);
  let totalBins = 0;
  for (const [feature, count] of binCounts.entries()) {
    offsets[feature] = totalBins;
    totalBins += count;
  }
  return { binCounts: [...binCounts], offsets, totalBins };
}
