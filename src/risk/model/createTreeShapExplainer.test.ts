import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPrng } from './createPrng.js';
import { createTreeShapExplainer } from './createTreeShapExplainer.js';
import type { FeatureMatrix } from './FeatureEncoding.js';
import type { GbdtModel } from './GbdtModel.js';
import { findLeaf, predictMargins } from './predictMargins.js';
import { trainGbdt } from './trainGbdt.js';

/** Four features, a rule over three of them, 15% missing values. */
function data(rowCount: number, seed: number) {
  const prng = createPrng(seed);
  const columns = Array.from({ length: 4 }, () => new Float64Array(rowCount));
  const labels = new Uint8Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    for (const column of columns) column[row] = prng.nextFloat() < 0.15 ? Number.NaN : prng.nextFloat();
    const [a, b, c] = [columns[0]![row]!, columns[1]![row]!, columns[2]![row]!];
    const risky = (Number.isNaN(a) || a > 0.6) && (b < 0.5 || c > 0.7);
    labels[row] = (prng.nextFloat() < 0.05 ? !risky : risky) ? 1 : 0;
  }
  return { inputs: { rowCount, columns } satisfies FeatureMatrix, labels };
}

/** Shapley values by definition: v(S) = E[f(x) | x_S], features outside S averaged over both branches by cover. */
function bruteForceShapley(model: GbdtModel, inputs: FeatureMatrix, row: number): Float64Array {
  const M = model.featureCount;
  const conditional = (known: number): number => {
    let total = model.baseScore;
    for (const tree of model.trees) {
      const walk = (node: number): number => {
        const f = tree.feature[node]!;
        if (f === -1) return tree.value[node]!;
        const left = tree.left[node]!;
        const right = tree.right[node]!;
        if (known & (1 << f)) {
          const x = inputs.columns[f]![row]!;
          const goLeft = Number.isNaN(x) ? tree.defaultLeft[node] === 1 : x <= tree.threshold[node]!;
          return walk(goLeft ? left : right);
        }
        return (tree.cover[left]! * walk(left) + tree.cover[right]! * walk(right)) / tree.cover[node]!;
      };
      total += walk(0);
    }
    return total;
  };
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Float64Array(M);
  for (let i = 0; i < M; i++)
    for (let subset = 0; subset < 1 << M; subset++) {
      if (subset & (1 << i)) continue;
      let size = 0;
      for (let k = 0; k < M; k++) if (subset & (1 << k)) size++;
      const weight = (factorial(size) * factorial(M - size - 1)) / factorial(M);
      phi[i]! += weight * (conditional(subset | (1 << i)) - conditional(subset));
    }
  return phi;
}

describe('createTreeShapExplainer', () => {
  it('explains every row faithfully: contributions plus the expected value give the margin', () => {
    const train = data(3000, 1);
    const { model } = trainGbdt({ train, params: { trees: 80, maxDepth: 6, learningRate: 0.2, subsample: 0.8 } });
    const explainer = createTreeShapExplainer(model);
    const test = data(500, 2);
    const margins = predictMargins(model, test.inputs);
    for (let row = 0; row < test.inputs.rowCount; row++) {
      const phi = explainer.explain(test.inputs.columns, row);
      const sum = phi.reduce((a, b) => a + b, explainer.expectedValue);
      assert.ok(Math.abs(sum - margins[row]!) < 1e-9, `row ${row}: ${sum} vs ${margins[row]}`);
    }
  });

  it('matches Shapley values computed by brute force on a small model', () => {
    const train = data(1500, 3);
    const { model } = trainGbdt({ train, params: { trees: 6, maxDepth: 4, learningRate: 0.5 } });
    const explainer = createTreeShapExplainer(model);
    const test = data(40, 4);
    for (let row = 0; row < test.inputs.rowCount; row++) {
      const fast = explainer.explain(test.inputs.columns, row);
      const slow = bruteForceShapley(model, test.inputs, row);
      for (let f = 0; f < 4; f++)
        assert.ok(Math.abs(fast[f]! - slow[f]!) < 1e-10, `row ${row} feature ${f}: ${fast[f]} vs ${slow[f]}`);
    }
  });

  it('gives no credit to a feature the model never uses, and the expected value is the cover-weighted mean', () => {
    const train = data(1000, 5);
    const { model } = trainGbdt({ train, params: { trees: 10, maxDepth: 3 } });
    const used = new Set(model.trees.flatMap((tree) => tree.feature.filter((f) => f >= 0)));
    const explainer = createTreeShapExplainer(model);
    for (let row = 0; row < 50; row++) {
      const phi = explainer.explain(train.inputs.columns, row);
      for (let f = 0; f < 4; f++) if (!used.has(f)) assert.equal(phi[f], 0);
    }
    // Averaged by cover over the training rows (all rows, no sampling) the margin is the expected value.
    let mean = 0;
    let hessians = 0;
    const tree = model.trees[0]!;
    for (let row = 0; row < train.inputs.rowCount; row++) {
      const leaf = findLeaf(tree, train.inputs.columns, row);
      mean += tree.value[leaf]!;
      hessians += 1;
    }
    const first = createTreeShapExplainer({ ...model, trees: [tree], baseScore: 0 });
    // With constant hessians at the prior, cover is proportional to row count.
    assert.ok(Math.abs(first.expectedValue - mean / hessians) < 1e-12);
  });
});
