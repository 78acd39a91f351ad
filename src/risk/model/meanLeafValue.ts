import type { Tree } from './Tree.js';

/**
 * The tree's output averaged over its training cover below `node`: what TreeSHAP takes as the tree's share of the
 * expected value.
 * @example const expected = model.trees.reduce((sum, tree) => sum + meanLeafValue(tree, 0), model.baseScore)
 */
export function meanLeafValue(tree: Tree, node: number): number {
  if (tree.feature[node] === -1) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  return (
    (tree.cover[left]! * meanLeafValue(tree, left) + tree.cover[right]! * meanLeafValue(tree, right)) /
    tree.cover[node]!
  );
}
