import type { Tree } from './Tree.js';

/** A trained boosted-tree ensemble: margin (log-odds) = baseScore + Σ tree outputs; probability = sigmoid(margin). */
export type GbdtModel = {
  featureCount: number;
  /** Quantile bin edges per feature, as used in training (see computeBinEdges). */
  binEdges: number[][];
  /** Starting margin in log-odds. */
  baseScore: number;
  trees: Tree[];
};
