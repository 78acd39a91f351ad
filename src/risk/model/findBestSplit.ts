import type { HistogramLayout } from './HistogramLayout.js';
import type { GradientTotals } from './histogramTotals.js';

/** Which way a node's rows go: `bin` 1…`bin` go left, higher bins right, missing values (bin 0) by `defaultLeft`. */
export type NodeSplit = { feature: number; bin: number; defaultLeft: boolean };

export type SplitCandidate = NodeSplit & {
  /** Loss reduction, XGBoost's `loss_chg`: GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ). */
  gain: number;
  left: GradientTotals;
  right: GradientTotals;
};

export type SplitRules = {
  /** L2 regularisation of leaf weights. */
  lambda: number;
  /** Minimum gain to split (XGBoost `gamma`, `min_split_loss`). */
  gamma: number;
  /** Minimum hessian sum in each child. */
  minChildWeight: number;
};

// XGBoost's kRtEps: gains this small are rounding noise, not structure.
const minimumGain = 1e-6;

/**
 * Chooses a node's best split from its (possibly summed) histogram: for each feature in `features`, every bin
 * threshold, with the node's missing values sent left and then right; returns undefined when no split gains more
 * than `gamma` with both children at `minChildWeight` or more. When the node has no missing values for the chosen
 * feature, missing values at scoring time follow the child with more cover. Ties keep the first feature and bin.
 * @example const split = findBestSplit(histogram, layout, totals, features, { lambda: 1, gamma: 0, minChildWeight: 1 })
 */
export function findBestSplit(
  histogram: Float64Array,
  layout: HistogramLayout,
  totals: GradientTotals,
  features: ArrayLike<number>,
  rules: SplitRules,
): SplitCandidate | undefined {
  const { lambda, minChildWeight } = rules;
  const G = totals.gradient;
  const H = totals.hessian;
  const parentScore = (G * G) / (H + lambda);
  let bestGain = Math.max(rules.gamma, minimumGain);
  let best: SplitCandidate | undefined;

  for (let k = 0; k < features.length; k++) {
    const feature = features[k]!;
    const binCount = layout.binCounts[feature]!;
    if (binCount < 2) continue;
    const base = 2 * layout.offsets[feature]!;
    const missingG = histogram[base]!;
    const missingH = histogram[base + 1]!;
    const hasMissing = missingH > 0;
    let cumulativeG = 0;
    let cumulativeH = 0;
    for (let bin = 1; bin < binCount; bin++) {
      const binH = histogram[base + 2 * bin + 1]!;
      const lastBin = bin === binCount - 1;
      // An empty bin moves no rows: the split after it equals the one before (which was already scored).
      if (binH === 0 && bin > 1 && !lastBin) continue;
      cumulativeG += histogram[base + 2 * bin]!;
      cumulativeH += binH;
      // Missing values right: bins 1…bin left. At the last bin this splits "present" from "missing".
      if (!lastBin || hasMissing) {
        const leftH = cumulativeH;
        const rightH = H - leftH;
        if (leftH >= minChildWeight && rightH >= minChildWeight && leftH > 0 && rightH > 0) {
          const leftG = cumulativeG;
          const rightG = G - leftG;
          const gain = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            best = {
              feature,
              bin,
              defaultLeft: hasMissing ? false : leftH >= rightH,
              gain,
              left: { gradient: leftG, hessian: leftH },
              right: { gradient: rightG, hessian: rightH },
            };
          }
        }
      }
      // Missing values left: bins 1…bin and missing left.
      if (hasMissing && !lastBin) {
        const leftH = cumulativeH + missingH;
        const rightH = H - leftH;
        if (leftH >= minChildWeight && rightH >= minChildWeight && rightH > 0) {
          const leftG = cumulativeG + missingG;
          const rightG = G - leftG;
          const gain = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            best = {
              feature,
              bin,
              defaultLeft: true,
              gain,
              left: { gradient: leftG, hessian: leftH },
              right: { gradient: rightG, hessian: rightH },
            };
          }
        }
      }
    }
  }
  return best;
}
