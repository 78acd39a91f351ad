import { findBestSplit, type SplitCandidate, type SplitRules } from './findBestSplit.js';
import type { HistogramSource } from './HistogramSource.js';
import { histogramTotals } from './histogramTotals.js';
import { subtractHistograms } from './subtractHistograms.js';
import type { Tree } from './Tree.js';

export type TreeRules = SplitRules & {
  /** Deepest level a leaf may sit at (root = depth 0). */
  maxDepth: number;
  /** Most leaves per tree; 0 = no limit beyond depth. */
  maxLeaves: number;
  /** Shrinkage applied to leaf values. */
  learningRate: number;
};

type Expandable = { node: number; depth: number; split: SplitCandidate; histogram: Float64Array };

/**
 * Grows one tree from a HistogramSource: best-first (the open node with the largest gain splits next) within
 * `maxDepth`, until no split gains enough or `maxLeaves` is reached. Without a leaf limit this builds the same tree
 * as depth-wise growth. Only the child with fewer rows gets a histogram pass; its sibling's histogram is the
 * parent's minus it. Leaf values are −G/(H+λ) × learningRate; bins are recorded, `threshold` is left at 0 for the
 * caller to fill from the bin edges.
 * @example const tree = growTree(source, { lambda: 1, gamma: 0, minChildWeight: 1, maxDepth: 6, maxLeaves: 0, learningRate: 0.1 }, features)
 */
export function growTree(
  source: HistogramSource,
  rules: TreeRules,
  features: ArrayLike<number>,
  /** Histogram buffers to reuse (and return to) across trees; they are overwritten. */
  pool: Float64Array[] = [],
): Tree {
  const { layout } = source;
  const tree: Tree = {
    feature: [],
    bin: [],
    threshold: [],
    defaultLeft: [],
    left: [],
    right: [],
    value: [],
    cover: [],
    gain: [],
  };
  const addLeaf = (gradient: number, hessian: number): number => {
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.threshold.push(0);
    tree.defaultLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(rules.learningRate * (-gradient / (hessian + rules.lambda)) || 0);
    tree.cover.push(hessian);
    tree.gain.push(0);
    return tree.feature.length - 1;
  };

  const size = 2 * layout.totalBins;
  const takeBuffer = () => {
    let buffer = pool.pop();
    while (buffer && buffer.length !== size) buffer = pool.pop();
    return buffer ?? new Float64Array(size);
  };
  const firstFeature = features[0];
  if (firstFeature === undefined) {
    addLeaf(0, 0);
    return tree;
  }
  const rootHistogram = takeBuffer();
  source.histogramsFor(0, features, rootHistogram);
  const rootTotals = histogramTotals(rootHistogram, layout, firstFeature);
  addLeaf(rootTotals.gradient, rootTotals.hessian);

  const open: Expandable[] = [];
  const consider = (node: number, depth: number, histogram: Float64Array, gradient: number, hessian: number) => {
    const split =
      depth < rules.maxDepth && hessian >= 2 * rules.minChildWeight
        ? findBestSplit(histogram, layout, { gradient, hessian }, features, rules)
        : undefined;
    if (split) open.push({ node, depth, split, histogram });
    else pool.push(histogram);
  };
  consider(0, 0, rootHistogram, rootTotals.gradient, rootTotals.hessian);

  let leaves = 1;
  while (open.length > 0 && (rules.maxLeaves === 0 || leaves < rules.maxLeaves)) {
    let pick = 0;
    for (let i = 1; i < open.length; i++) if (open[i]!.split.gain > open[pick]!.split.gain) pick = i;
    const { node, depth, split, histogram } = open[pick]!;
    open.splice(pick, 1);

    const left = addLeaf(split.left.gradient, split.left.hessian);
    const right = addLeaf(split.right.gradient, split.right.hessian);
    tree.feature[node] = split.feature;
    tree.bin[node] = split.bin;
    tree.defaultLeft[node] = split.defaultLeft ? 1 : 0;
    tree.left[node] = left;
    tree.right[node] = right;
    tree.value[node] = 0;
    tree.gain[node] = split.gain;
    tree.cover[node] = split.left.hessian + split.right.hessian;
    const { leftRows, rightRows } = source.splitNode(node, split, left, right);
    leaves++;

    const childDepth = depth + 1;
    const canSplit = (hessian: number, rows: number) =>
      childDepth < rules.maxDepth && rows >= 2 && hessian >= 2 * rules.minChildWeight;
    if (!canSplit(split.left.hessian, leftRows) && !canSplit(split.right.hessian, rightRows)) {
      pool.push(histogram);
      continue;
    }
    const smallerIsLeft = leftRows <= rightRows;
    const smaller = takeBuffer();
    source.histogramsFor(smallerIsLeft ? left : right, features, smaller);
    const larger = subtractHistograms(histogram, smaller, histogram, { layout, features });
    const [leftHistogram, rightHistogram] = smallerIsLeft ? [smaller, larger] : [larger, smaller];
    consider(left, childDepth, leftHistogram, split.left.gradient, split.left.hessian);
    consider(right, childDepth, rightHistogram, split.right.gradient, split.right.hessian);
  }
  for (const { histogram } of open) pool.push(histogram);
  // Children always come after their parent, so one backward pass makes each cover the exact sum of its
  // children's: TreeSHAP's additivity rests on that.
  for (let node = tree.feature.length - 1; node >= 0; node--)
    if (tree.feature[node] !== -1) tree.cover[node] = tree.cover[tree.left[node]!]! + tree.cover[tree.right[node]!]!;
  return tree;
}
