import type { Prng } from '../../risk/model/createPrng.js';
import type { Tree } from '../../risk/model/Tree.js';

/*
 * The small steps of trainGbdt's boosting loop that are private to src/risk/model/trainGbdt.ts, repeated here so the
 * coordinator runs the loop with the same random draws: trainCentralized.test.ts checks that a loop built from
 * these reproduces trainGbdt's model exactly.
 */

/** `count` distinct features drawn uniformly (partial Fisher–Yates), ascending — trainGbdt's column sampling. */
export function sampleFeatures(featureCount: number, count: number, prng: Prng): Uint32Array {
  const order = Uint32Array.from({ length: featureCount }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + prng.nextInt(featureCount - i);
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order.slice(0, count).sort();
}

/** The starting margin for baseScore 'prior': logit of the weighted positive share, clamped to [1e-6, 1 − 1e-6]. */
export function priorMargin(positives: number, rows: number, scalePosWeight: number): number {
  const share = (positives * scalePosWeight) / (positives * scalePosWeight + (rows - positives));
  const clamped = Math.min(Math.max(share, 1e-6), 1 - 1e-6);
  return Math.log(clamped / (1 - clamped));
}

/** Fills each split node's raw threshold from the bin edges: values `<= edges[bin − 1]` go left. */
export function fillThresholds(tree: Tree, binEdges: readonly ArrayLike<number>[]): Tree {
  for (let node = 0; node < tree.feature.length; node++) {
    const feature = tree.feature[node]!;
    if (feature < 0) continue;
    const edges = binEdges[feature]!;
    const bin = tree.bin[node]!;
    tree.threshold[node] = bin <= edges.length ? (edges[bin - 1] as number) : Number.MAX_VALUE;
  }
  return tree;
}
