import type { FeatureMatrix } from './FeatureEncoding.js';
import type { GbdtModel } from './GbdtModel.js';
import type { Tree } from './Tree.js';

/**
 * Raw margins (log-odds) of every row of `inputs`: the base score plus each tree's leaf value.
 * @example const margins = predictMargins(model, encodeFeatures(model.encoding, dataset))
 */
export function predictMargins(model: GbdtModel, inputs: FeatureMatrix): Float64Array {
  if (inputs.columns.length !== model.featureCount)
    throw new RangeError(`the model takes ${model.featureCount} features, got ${inputs.columns.length}`);
  const margins = new Float64Array(inputs.rowCount).fill(model.baseScore);
  for (const tree of model.trees) addTree(tree, inputs, margins);
  return margins;
}

/** Adds one tree's output for every row to `margins`. */
export function addTree(tree: Tree, inputs: FeatureMatrix, margins: Float64Array): void {
  for (let row = 0; row < inputs.rowCount; row++) margins[row]! += tree.value[findLeaf(tree, inputs.columns, row)]!;
}

/** The leaf a row reaches: present values `<= threshold` go left, missing ones by the node's default. */
export function findLeaf(tree: Tree, columns: readonly Float64Array[], row: number): number {
  const { feature, threshold, left, right, defaultLeft } = tree;
  let node = 0;
  for (;;) {
    const f = feature[node]!;
    if (f < 0) return node;
    const value = columns[f]![row]!;
    const goLeft = Number.isNaN(value) ? defaultLeft[node] === 1 : value <= threshold[node]!;
    node = goLeft ? left[node]! : right[node]!;
  }
}
