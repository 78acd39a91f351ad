import type { TreeShapExplainer } from './createTreeShapExplainer.js';
import type { GbdtModel } from './GbdtModel.js';
import { meanLeafValue } from './meanLeafValue.js';
import type { Tree } from './Tree.js';

/**
 * Exact TreeSHAP (Lundberg et al., "Consistent Individualized Feature Attribution for Tree Ensembles", Algorithm 2):
 * polynomial-time Shapley values of v(S) = E[f(x) | x_S], where features outside S follow both branches weighted
 * by cover (the hessian sums stored in each node). Runs in O(trees × leaves × depth²) per row and needs no set-up
 * beyond one buffer: createTreeShapExplainer uses it for trees it cannot table, and tests check the faster
 * explainer against it.
 * @example const shap = createRecursiveTreeShapExplainer(model); const phi = shap.explain(inputs.columns, 0)
 */
export function createRecursiveTreeShapExplainer(model: GbdtModel): TreeShapExplainer {
  let expectedValue = model.baseScore;
  let deepest = 0;
  for (const tree of model.trees) {
    expectedValue += meanLeafValue(tree, 0);
    deepest = Math.max(deepest, treeDepth(tree, 0));
  }
  // The recursion keeps one path per level, each up to depth + 2 long, in one buffer (as shap's C++ does).
  const size = ((deepest + 3) * (deepest + 4)) / 2 + 1;
  const pathFeature = new Int32Array(size);
  const pathZero = new Float64Array(size);
  const pathOne = new Float64Array(size);
  const pathWeight = new Float64Array(size);
  // 1/n for small n: the path sums divide by small integers in a dependent chain, and multiplying is faster.
  const reciprocal = Float64Array.from({ length: deepest + 3 }, (_, n) => (n === 0 ? 0 : 1 / n));

  let tree: Tree = model.trees[0] ?? emptyTree;
  let columns: readonly Float64Array[] = [];
  let row = 0;
  let phi: Float64Array = new Float64Array(0);

  const extendPath = (start: number, depth: number, zero: number, one: number, feature: number) => {
    pathFeature[start + depth] = feature;
    pathZero[start + depth] = zero;
    pathOne[start + depth] = one;
    pathWeight[start + depth] = depth === 0 ? 1 : 0;
    const scale = reciprocal[depth + 1]!;
    for (let i = depth - 1; i >= 0; i--) {
      const w = pathWeight[start + i]!;
      pathWeight[start + i + 1]! += one * w * (i + 1) * scale;
      pathWeight[start + i] = zero * w * (depth - i) * scale;
    }
  };

  const unwindPath = (start: number, depth: number, index: number) => {
    const one = pathOne[start + index]!;
    const zero = pathZero[start + index]!;
    let nextOnePortion = pathWeight[start + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const previous = pathWeight[start + i]!;
        const w = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
        pathWeight[start + i] = w;
        nextOnePortion = previous - (w * zero * (depth - i)) / (depth + 1);
      } else pathWeight[start + i] = (pathWeight[start + i]! * (depth + 1)) / (zero * (depth - i));
    }
    for (let i = index; i < depth; i++) {
      pathFeature[start + i] = pathFeature[start + i + 1]!;
      pathZero[start + i] = pathZero[start + i + 1]!;
      pathOne[start + i] = pathOne[start + i + 1]!;
    }
  };

  const unwoundPathSum = (start: number, depth: number, index: number): number => {
    const one = pathOne[start + index]!;
    const zero = pathZero[start + index]!;
    let total = 0;
    if (one !== 0) {
      const inverseOne = 1 / one;
      let nextOnePortion = pathWeight[start + depth]!;
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = nextOnePortion * inverseOne * reciprocal[i + 1]!;
        total += tmp;
        nextOnePortion = pathWeight[start + i]! - tmp * zero * (depth - i);
      }
    } else {
      const inverseZero = 1 / zero;
      for (let i = depth - 1; i >= 0; i--) total += pathWeight[start + i]! * inverseZero * reciprocal[depth - i]!;
    }
    return total * (depth + 1);
  };

  const recurse = (
    parentStart: number,
    node: number,
    uniqueDepth: number,
    parentZero: number,
    parentOne: number,
    parentFeature: number,
  ): void => {
    // This level's path starts after the parent's and begins as a copy of it.
    const start = parentStart + uniqueDepth + 1;
    for (let i = 0; i < uniqueDepth; i++) {
      pathFeature[start + i] = pathFeature[parentStart + i]!;
      pathZero[start + i] = pathZero[parentStart + i]!;
      pathOne[start + i] = pathOne[parentStart + i]!;
      pathWeight[start + i] = pathWeight[parentStart + i]!;
    }
    extendPath(start, uniqueDepth, parentZero, parentOne, parentFeature);

    const splitFeature = tree.feature[node]!;
    if (splitFeature === -1) {
      const value = tree.value[node]!;
      for (let i = 1; i <= uniqueDepth; i++) {
        const at = start + i;
        phi[pathFeature[at]!]! += unwoundPathSum(start, uniqueDepth, i) * (pathOne[at]! - pathZero[at]!) * value;
      }
      return;
    }

    const x = columns[splitFeature]![row]!;
    const goesLeft = Number.isNaN(x) ? tree.defaultLeft[node] === 1 : x <= tree.threshold[node]!;
    const hot = goesLeft ? tree.left[node]! : tree.right[node]!;
    const cold = goesLeft ? tree.right[node]! : tree.left[node]!;
    const cover = tree.cover[node]!;
    let incomingZero = 1;
    let incomingOne = 1;

    // A feature already on the path is undone here and redone with this node's fractions.
    let depth = uniqueDepth;
    let index = 0;
    while (index <= depth && pathFeature[start + index] !== splitFeature) index++;
    if (index <= depth) {
      incomingZero = pathZero[start + index]!;
      incomingOne = pathOne[start + index]!;
      unwindPath(start, depth, index);
      depth -= 1;
    }
    recurse(start, hot, depth + 1, (tree.cover[hot]! / cover) * incomingZero, incomingOne, splitFeature);
    recurse(start, cold, depth + 1, (tree.cover[cold]! / cover) * incomingZero, 0, splitFeature);
  };

  return {
    expectedValue,
    explain(inputColumns, inputRow, out) {
      phi = out ?? new Float64Array(model.featureCount);
      if (out) phi.fill(0);
      columns = inputColumns;
      row = inputRow;
      for (const each of model.trees) {
        if (each.feature[0] === -1) continue;
        tree = each;
        recurse(0, 0, 0, 1, 1, -1);
      }
      return phi;
    },
  };
}

const emptyTree: Tree = {
  feature: [-1],
  bin: [0],
  threshold: [0],
  defaultLeft: [0],
  left: [-1],
  right: [-1],
  value: [0],
  cover: [0],
  gain: [0],
};

function treeDepth(tree: Tree, node: number): number {
  if (tree.feature[node] === -1) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]!), treeDepth(tree, tree.right[node]!));
}
