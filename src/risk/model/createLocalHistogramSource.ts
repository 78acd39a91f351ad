import { computeHistograms } from './computeHistograms.js';
import type { BinnedMatrix } from './createBinnedMatrix.js';
import type { NodeSplit } from './findBestSplit.js';
import type { HistogramLayout } from './HistogramLayout.js';
import type { HistogramSource } from './HistogramSource.js';

export type LocalHistogramSourceParameters = {
  matrix: BinnedMatrix;
  layout: HistogramLayout;
  gradients: Float64Array;
  hessians: Float64Array;
  /** The rows sampled for this tree, ascending. */
  rows: Uint32Array;
};

/**
 * A HistogramSource over rows held in this process. Each node owns a contiguous range of one row buffer; a split
 * partitions the range stably, so rows stay ascending and histogram passes read the bin columns in order.
 * @example const tree = growTree(createLocalHistogramSource({ matrix, layout, gradients, hessians, rows }), rules, features)
 */
export function createLocalHistogramSource(parameters: LocalHistogramSourceParameters): HistogramSource & {
  /** The rows in `node`, ascending; a view valid until the next split. */ rowsOf(node: number): Uint32Array;
} {
  const { matrix, layout, gradients, hessians } = parameters;
  const rows = Uint32Array.from(parameters.rows);
  const scratch = new Uint32Array(rows.length);
  const begin: number[] = [0];
  const end: number[] = [rows.length];

  return {
    layout,
    rowsOf: (node) => rows.subarray(begin[node]!, end[node]!),
    histogramsFor(node, features, out) {
      const range = rows.subarray(begin[node]!, end[node]!);
      return computeHistograms(matrix, layout, gradients, hessians, range, features, out);
    },
    splitNode(node: number, split: NodeSplit, left: number, right: number) {
      const from = begin[node]!;
      const to = end[node]!;
      const column = split.feature * matrix.rowCount;
      const { bins } = matrix;
      let leftCount = 0;
      let rightCount = 0;
      for (let i = from; i < to; i++) {
        const row = rows[i]!;
        const bin = bins[column + row]!;
        const goesLeft = bin === 0 ? split.defaultLeft : bin <= split.bin;
        if (goesLeft) rows[from + leftCount++] = row;
        else scratch[rightCount++] = row;
      }
      rows.set(scratch.subarray(0, rightCount), from + leftCount);
      begin[left] = from;
      end[left] = from + leftCount;
      begin[right] = from + leftCount;
      end[right] = to;
      return { leftRows: leftCount, rightRows: rightCount };
    },
  };
}
