import type { HistogramLayout } from './HistogramLayout.js';

/** Gradient and hessian sums of a node. */
export type GradientTotals = { gradient: number; hessian: number };

/**
 * A node's totals read from its histogram: every row falls in exactly one bin of each feature, so the bins of any
 * one computed feature sum to the node's totals.
 */
export function histogramTotals(histogram: Float64Array, layout: HistogramLayout, feature: number): GradientTotals {
  const base = 2 * layout.offsets[feature]!;
  const end = base + 2 * layout.binCounts[feature]!;
  let gradient = 0;
  let hessian = 0;
  for (let slot = base; slot < end; slot += 2) {
    gradient += histogram[slot]!;
    hessian += histogram[slot + 1]!;
  }
  return { gradient, hessian };
}
