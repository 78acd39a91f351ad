import { findBestSplit, type SplitCandidate } from '../../risk/model/findBestSplit.js';
import type { TreeRules } from '../../risk/model/growTree.js';
import { histogramTotals } from '../../risk/model/histogramTotals.js';
import { subtractHistograms } from '../../risk/model/subtractHistograms.js';
import type { Tree } from '../../risk/model/Tree.js';
import type { AsyncHistogramSource, NodeExpansion } from './AsyncHistogramSource.js';

type GrownNode = {
  depth: number;
  gradient: number;
  hessian: number;
  split: SplitCandidate | undefined;
  left: number;
  right: number;
};

/**
 * growTree (src/risk/model/growTree.ts) for a source that answers asynchronously and in batches: the same split
 * rules, the same subtraction trick, the same tree. It expands every splittable node of a level at once (one
 * histogram request per level), then replays growTree's best-first order to number the nodes as growTree does; with
 * `maxLeaves` it keeps only the splits growTree would have made before reaching the limit.
 *
 * Why the same tree: without a leaf limit best-first growth splits exactly the nodes depth-wise growth splits, each
 * from the same histogram; node numbering is the only difference and the replay restores it. When the source does
 * not report row counts, the child with the smaller hessian sum gets the histogram pass; with exact (fixed-point)
 * sums the other child's histogram is the same either way.
 * @example const tree = await growTreeAsync(source, rules, features)
 */
export async function growTreeAsync(
  source: AsyncHistogramSource,
  rules: TreeRules,
  features: ArrayLike<number>,
): Promise<Tree> {
  const { layout } = source;
  const firstFeature = features[0];
  if (firstFeature === undefined)
    return numberTree([{ depth: 0, gradient: 0, hessian: 0, split: undefined, left: -1, right: -1 }], rules);

  const [rootHistogram] = await source.histogramsFor([0], features);
  const rootTotals = histogramTotals(rootHistogram!, layout, firstFeature);
  const grown: GrownNode[] = [];
  const histograms = new Map<number, Float64Array>();
  const consider = (node: number, histogram: Float64Array) => {
    const { depth, gradient, hessian } = grown[node]!;
    const split =
      depth < rules.maxDepth && hessian >= 2 * rules.minChildWeight
        ? findBestSplit(histogram, layout, { gradient, hessian }, features, rules)
        : undefined;
    grown[node]!.split = split;
    if (split) histograms.set(node, histogram);
  };
  grown.push({
    depth: 0,
    gradient: rootTotals.gradient,
    hessian: rootTotals.hessian,
    split: undefined,
    left: -1,
    right: -1,
  });
  consider(0, rootHistogram!);

  let frontier = grown[0]!.split ? [0] : [];
  while (frontier.length > 0) {
    const expansions: NodeExpansion[] = frontier.map((node) => {
      const parent = grown[node]!;
      const split = parent.split!;
      const child = (totals: { gradient: number; hessian: number }): number => {
        grown.push({ depth: parent.depth + 1, ...totals, split: undefined, left: -1, right: -1 });
        return grown.length - 1;
      };
      parent.left = child(split.left);
      parent.right = child(split.right);
      return {
        node,
        split: { feature: split.feature, bin: split.bin, defaultLeft: split.defaultLeft },
        left: parent.left,
        right: parent.right,
      };
    });
    const rowCounts = await source.splitNodes(expansions);

    // As growTree: children that cannot split get no histogram pass; otherwise the smaller child gets one.
    const passes: { parent: number; smaller: number; larger: number }[] = [];
    for (const [k, { node, left, right }] of expansions.entries()) {
      const split = grown[node]!.split!;
      const childDepth = grown[node]!.depth + 1;
      const rows = rowCounts[k];
      const canSplit = (hessian: number, count: number | undefined) =>
        childDepth < rules.maxDepth && (count === undefined || count >= 2) && hessian >= 2 * rules.minChildWeight;
      if (!canSplit(split.left.hessian, rows?.leftRows) && !canSplit(split.right.hessian, rows?.rightRows)) {
        histograms.delete(node);
        continue;
      }
      const smallerIsLeft = rows ? rows.leftRows <= rows.rightRows : split.left.hessian <= split.right.hessian;
      passes.push({ parent: node, smaller: smallerIsLeft ? left : right, larger: smallerIsLeft ? right : left });
    }
    const computed =
      passes.length > 0
        ? await source.histogramsFor(
            passes.map((pass) => pass.smaller),
            features,
          )
        : [];
    const next: number[] = [];
    for (const [k, pass] of passes.entries()) {
      const smaller = computed[k]!;
      const parentHistogram = histograms.get(pass.parent)!;
      histograms.delete(pass.parent);
      const larger = subtractHistograms(parentHistogram, smaller, parentHistogram, { layout, features });
      const { left, right } = grown[pass.parent]!;
      consider(left, left === pass.smaller ? smaller : larger);
      consider(right, right === pass.smaller ? smaller : larger);
      if (grown[left]!.split) next.push(left);
      if (grown[right]!.split) next.push(right);
    }
    frontier = next;
  }
  return numberTree(grown, rules);
}

/** Builds the Tree arrays in growTree's order: best-first by gain, ties to the node opened first. */
function numberTree(grown: GrownNode[], rules: TreeRules): Tree {
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
  const addLeaf = (node: GrownNode): number => {
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.threshold.push(0);
    tree.defaultLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(rules.learningRate * (-node.gradient / (node.hessian + rules.lambda)) || 0);
    tree.cover.push(node.hessian);
    tree.gain.push(0);
    return tree.feature.length - 1;
  };
  addLeaf(grown[0]!);
  const open: { id: number; index: number }[] = grown[0]!.split ? [{ id: 0, index: 0 }] : [];
  let leaves = 1;
  while (open.length > 0 && (rules.maxLeaves === 0 || leaves < rules.maxLeaves)) {
    let pick = 0;
    for (let i = 1; i < open.length; i++)
      if (grown[open[i]!.id]!.split!.gain > grown[open[pick]!.id]!.split!.gain) pick = i;
    const { id, index } = open[pick]!;
    open.splice(pick, 1);
    const node = grown[id]!;
    const split = node.split!;
    const left = addLeaf(grown[node.left]!);
    const right = addLeaf(grown[node.right]!);
    tree.feature[index] = split.feature;
    tree.bin[index] = split.bin;
    tree.defaultLeft[index] = split.defaultLeft ? 1 : 0;
    tree.left[index] = left;
    tree.right[index] = right;
    tree.value[index] = 0;
    tree.gain[index] = split.gain;
    tree.cover[index] = split.left.hessian + split.right.hessian;
    leaves++;
    if (grown[node.left]!.split) open.push({ id: node.left, index: left });
    if (grown[node.right]!.split) open.push({ id: node.right, index: right });
  }
  // As growTree: each internal cover is the exact sum of its children's (TreeSHAP's additivity rests on it).
  for (let node = tree.feature.length - 1; node >= 0; node--)
    if (tree.feature[node] !== -1) tree.cover[node] = tree.cover[tree.left[node]!]! + tree.cover[tree.right[node]!]!;
  return tree;
}
