import type { NodeSplit } from './findBestSplit.js';
import type { HistogramLayout } from './HistogramLayout.js';

/**
 * Where a tree's histograms come from. The tree-growing loop (growTree) only ever asks for a node's histograms and
 * announces splits, so the rows can live in one process (createLocalHistogramSource) or be spread over parties that
 * each compute histograms of their own rows, which a federated source sums before the split is chosen.
 * Node 0 is the root and holds every row sampled for the tree.
 */
export type HistogramSource = {
  /** The bins of every feature; the same for every party. */
  readonly layout: HistogramLayout;
  /**
   * Gradient and hessian histograms of the rows in `node`, for `features` (other entries zero), written into `out`
   * when given.
   */
  histogramsFor(node: number, features: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Sends the rows of `node` to the new nodes `left` and `right`; returns how many rows went each way. */
  splitNode(node: number, split: NodeSplit, left: number, right: number): { leftRows: number; rightRows: number };
};
