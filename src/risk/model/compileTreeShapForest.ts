import type { Tree } from './Tree.js';

/**
 * Trees compiled for createTreeShapExplainer: their layout, a table per leaf of everything in its TreeSHAP
 * contributions that depends on the model alone, and room for one row's work, all in one Int32Array and one
 * Float64Array.
 *
 * Why a table per leaf suffices. Take a leaf whose path splits on d distinct features ("positions", numbered in order
 * of their first split on the path), with zero fractions z_p (the product of the cover ratios of p's splits on the
 * path). A row follows all of p's splits for the positions in a set H ("hot") and misses one for the rest C. The leaf
 * adds to the margin the game v(S) = value · Π_{p∈S} [p ∈ H] · Π_{p∉S} z_p, whose Shapley values are
 *   −Π_C z · G(H) for p ∈ C, and Π_C z · (1 − z_p) · G(H∖p) for p ∈ H,
 * with G(T) = value · Σ_{S⊆T} |S|!(d−|S|−1)!/d! · Π_{T∖S} z. The table holds K(T) = Π_{T̄} z · G(T) for every T
 * (T̄ = the positions not in T). Then p ∈ C gets −K(H) and p ∈ H gets (1 − z_p)/z_p · K(H∖p): one lookup and one
 * multiplication per position, and the row only has to say which positions are cold.
 *
 * Why two arrays: the explainer's loops read a dozen sections, and as separate typed arrays V8 re-checks and reloads
 * each of them on every turn of a loop, which made a row take about a third longer.
 */
export type CompiledTreeShapForest = {
  treeCount: number;
  /** Internal nodes, each before its children. */
  internalCount: number;
  leafCount: number;
  featureCount: number;
  /** Features the trees split on, ascending. */
  usedFeatures: Int32Array;
  /**
   * In sections, at the offsets in `at`:
   * - coldMask, per state slot (the row's work): bit p set when the row misses a split of position p on the path
   *   down to the node. Tree t's root has slot t and keeps 0; internal node n's children have slots
   *   treeCount + 2n (left) and treeCount + 2n + 1 (right).
   * - nodes, 4 per internal node: its own slot, feature, position of the feature on the path, 1 if a missing
   *   value goes left.
   * - leaves, 2 per leaf: slot and number of positions d. Leaves with the same d are next to each other, so that the
   *   loop over a leaf's positions takes the same number of turns many times running, which the CPU predicts.
   * - pathFeature, per leaf and position: the feature.
   */
  ints: Int32Array;
  /**
   * In sections, at the offsets in `at`:
   * - values and phi, featureCount each (the row's work): the row's feature values in, its contributions out.
   * - threshold, per internal node.
   * - pathFactor, per leaf and position, two factors: (1 − z)/z when the position is hot, then −1 when it is cold.
   * - table, per leaf the 2^d values K(T) (bit p of T = position p), leaf after leaf; K(all) is never read.
   */
  floats: Float64Array;
  at: {
    coldMask: number;
    nodes: number;
    leaves: number;
    pathFeature: number;
    values: number;
    phi: number;
    threshold: number;
    pathFactor: number;
    table: number;
  };
};

/**
 * Compiles the trees; give it only trees for which treeShapTableSize is finite (and small: see the explainer).
 * @example const forest = compileTreeShapForest(model.trees.filter((tree) => treeShapTableSize(tree) <= 4096), model.featureCount)
 */
export function compileTreeShapForest(trees: readonly Tree[], featureCount: number): CompiledTreeShapForest {
  const treeCount = trees.length;
  const nodes: { slot: number; feature: number; position: number; defaultLeft: number; threshold: number }[] = [];
  const leaves: { slot: number; features: number[]; zeros: number[]; table: Float64Array }[] = [];
  const used = new Set<number>();

  const visit = (tree: Tree, node: number, slot: number, features: number[], zeros: number[]): void => {
    const feature = tree.feature[node]!;
    if (feature === -1) {
      leaves.push({ slot, features, zeros, table: leafTable(tree.value[node]!, zeros) });
      return;
    }
    used.add(feature);
    const n = nodes.length;
    const seen = features.indexOf(feature);
    const position = seen === -1 ? features.length : seen;
    const defaultLeft = tree.defaultLeft[node] === 1 ? 1 : 0;
    nodes.push({ slot, feature, position, defaultLeft, threshold: tree.threshold[node]! });
    const incomingZero = seen === -1 ? 1 : zeros[seen]!;
    const cover = tree.cover[node]!;
    for (const [side, child] of [tree.left[node]!, tree.right[node]!].entries()) {
      const childFeatures = features.slice();
      const childZeros = zeros.slice();
      childFeatures[position] = feature;
      // Multiplied in the recursive explainer's order, so that both work from the same zero fractions.
      childZeros[position] = (tree.cover[child]! / cover) * incomingZero;
      visit(tree, child, treeCount + 2 * n + side, childFeatures, childZeros);
    }
  };
  for (const [index, tree] of trees.entries()) visit(tree, 0, index, [], []);
  leaves.sort((a, b) => a.features.length - b.features.length);

  const pathLength = leaves.reduce((sum, leaf) => sum + leaf.features.length, 0);
  const tableLength = leaves.reduce((sum, leaf) => sum + leaf.table.length, 0);
  const coldMaskAt = 0;
  const nodesAt = coldMaskAt + treeCount + 2 * nodes.length;
  const leavesAt = nodesAt + 4 * nodes.length;
  const pathFeatureAt = leavesAt + 2 * leaves.length;
  const valuesAt = 0;
  const phiAt = valuesAt + featureCount;
  const thresholdAt = phiAt + featureCount;
  const pathFactorAt = thresholdAt + nodes.length;
  const tableAt = pathFactorAt + 2 * pathLength;
  const ints = new Int32Array(pathFeatureAt + pathLength);
  const floats = new Float64Array(tableAt + tableLength);

  for (const [n, node] of nodes.entries()) {
    ints.set([node.slot, node.feature, node.position, node.defaultLeft], nodesAt + 4 * n);
    floats[thresholdAt + n] = node.threshold;
  }
  let path = 0;
  let table = tableAt;
  for (const [k, leaf] of leaves.entries()) {
    ints.set([leaf.slot, leaf.features.length], leavesAt + 2 * k);
    for (const [p, zero] of leaf.zeros.entries()) {
      ints[pathFeatureAt + path + p] = leaf.features[p]!;
      floats[pathFactorAt + 2 * (path + p)] = (1 - zero) / zero;
      floats[pathFactorAt + 2 * (path + p) + 1] = -1;
    }
    floats.set(leaf.table, table);
    path += leaf.features.length;
    table += leaf.table.length;
  }
  return {
    treeCount,
    internalCount: nodes.length,
    leafCount: leaves.length,
    featureCount,
    usedFeatures: Int32Array.from([...used].sort((a, b) => a - b)),
    ints,
    floats,
    at: {
      coldMask: coldMaskAt,
      nodes: nodesAt,
      leaves: leavesAt,
      pathFeature: pathFeatureAt,
      values: valuesAt,
      phi: phiAt,
      threshold: thresholdAt,
      pathFactor: pathFactorAt,
      table: tableAt,
    },
  };
}

/**
 * How many table entries the tree needs: Σ 2^d over its leaves. Infinite when a child's cover is not a positive
 * finite share of its parent's (a zero fraction of 0 cannot be divided out); such a tree is left to the recursive
 * explainer, which then explains it exactly as before.
 */
export function treeShapTableSize(tree: Tree): number {
  const visit = (node: number, features: readonly number[]): number => {
    const feature = tree.feature[node]!;
    if (feature === -1) return 2 ** features.length;
    const below = features.includes(feature) ? features : [...features, feature];
    let size = 0;
    for (const child of [tree.left[node]!, tree.right[node]!]) {
      const ratio = tree.cover[child]! / tree.cover[node]!;
      if (!(ratio > 0 && ratio < Number.POSITIVE_INFINITY)) return Number.POSITIVE_INFINITY;
      size += visit(child, below);
    }
    return size;
  };
  return visit(0, []);
}

/**
 * K(T) for every subset T of a leaf's positions. Σ_{S⊆T, |S|=s} Π_{T∖S} z is the coefficient of y^s in
 * Π_{p∈T} (z_p + y), built subset by subset from the subset without its highest position: every term is positive,
 * so nothing cancels.
 */
function leafTable(value: number, zeros: readonly number[]): Float64Array {
  const d = zeros.length;
  const size = 1 << d;
  const table = new Float64Array(size);
  if (d === 0) return table;
  const weight = Float64Array.from({ length: d }, (_, s) => (factorial(s) * factorial(d - 1 - s)) / factorial(d));
  const stride = d + 1;
  const coefficients = new Float64Array(size * stride);
  coefficients[0] = 1;
  for (let subset = 1; subset < size; subset++) {
    const top = 31 - Math.clz32(subset);
    const from = (subset ^ (1 << top)) * stride;
    const to = subset * stride;
    const z = zeros[top]!;
    coefficients[to] = coefficients[from]! * z;
    for (let s = 1; s <= d; s++) coefficients[to + s] = coefficients[from + s]! * z + coefficients[from + s - 1]!;
  }
  for (let subset = 0; subset < size - 1; subset++) {
    let sum = 0;
    for (let s = 0; s < d; s++) sum += weight[s]! * coefficients[subset * stride + s]!;
    let outsideZero = 1;
    for (let p = 0; p < d; p++) if (((subset >>> p) & 1) === 0) outsideZero *= zeros[p]!;
    table[subset] = value * outsideZero * sum;
  }
  return table;
}

function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k++) product *= k;
  return product;
}
