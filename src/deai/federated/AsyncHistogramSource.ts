import type { NodeSplit } from '../../risk/model/findBestSplit.js';
import type { HistogramLayout } from '../../risk/model/HistogramLayout.js';

/** One split to apply: the rows of `node` go to `left` and `right`. */
export type NodeExpansion = { node: number; split: NodeSplit; left: number; right: number };

/**
 * The asynchronous twin of the risk engine's HistogramSource: the federation answers over the network, and asks for
 * many nodes at once (one secure-aggregation step per tree level instead of one per node). Node ids are the
 * grower's own; growTreeAsync renumbers the finished tree the way growTree numbers it.
 */
export type AsyncHistogramSource = {
  readonly layout: HistogramLayout;
  /** Histograms of each node in `nodes` (features outside `features` may hold anything). */
  histogramsFor(nodes: readonly number[], features: ArrayLike<number>): Promise<Float64Array[]>;
  /**
   * Applies the splits. Returns each split's row counts when the source knows them (a local source); a federated
   * source does not reveal them and returns undefined, and the grower then decides by hessian sums.
   */
  splitNodes(expansions: readonly NodeExpansion[]): Promise<({ leftRows: number; rightRows: number } | undefined)[]>;
};
