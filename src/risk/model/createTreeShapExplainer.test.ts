import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { treeShapTableSize } from './compileTreeShapForest.js';
import { createPrng, type Prng } from './createPrng.js';
import { createRecursiveTreeShapExplainer } from './createRecursiveTreeShapExplainer.js';
import { createTreeShapExplainer } from './createTreeShapExplainer.js';
import { encodeFeatures } from './encodeFeatures.js';
import type { FeatureMatrix } from './FeatureEncoding.js';
import type { GbdtModel } from './GbdtModel.js';
import { loadFraudDataset } from './loadFraudDataset.js';
import { findLeaf, predictMargins } from './predictMargins.js';
import type { Tree } from './Tree.js';
import { trainFraudModel } from './trainFraudModel.js';
import { trainGbdt } from './trainGbdt.js';

const csvPath = new URL('../../../../shared/data/eth-fraud/eth_fraud_public.csv', import.meta.url).pathname;

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

/**
 * A random tree over `featureCount` features: few features, so that paths split on one feature again; thresholds and
 * values on a grid of tenths, so that rows also land exactly on thresholds; each leaf's cover random, each internal
 * node's the sum of its children's, as training makes them.
 */
function randomTree(prng: Prng, featureCount: number, depth: number, chain = false): Tree {
  const nodes: { feature: number; threshold: number; defaultLeft: number; left: number; right: number }[] = [];
  const leafValue = new Map<number, number>();
  const cover: number[] = [];
  const grow = (level: number, mustReach: boolean): number => {
    const node = nodes.length;
    nodes.push({ feature: -1, threshold: 0, defaultLeft: 0, left: -1, right: -1 });
    if (level === depth || (!mustReach && prng.nextFloat() < (chain ? 1 : 0.2))) {
      leafValue.set(node, prng.nextFloat() * 2 - 1);
      cover[node] = 0.05 + prng.nextFloat() * 10;
      return node;
    }
    const deeper = prng.nextInt(2);
    const split = nodes[node]!;
    split.feature = chain ? level % featureCount : prng.nextInt(featureCount);
    split.threshold = (1 + prng.nextInt(9)) / 10;
    split.defaultLeft = prng.nextInt(2);
    split.left = grow(level + 1, mustReach && deeper === 0);
    split.right = grow(level + 1, mustReach && deeper === 1);
    cover[node] = cover[split.left]! + cover[split.right]!;
    return node;
  };
  grow(0, true);
  return {
    feature: nodes.map((node) => node.feature),
    bin: nodes.map(() => 0),
    threshold: nodes.map((node) => node.threshold),
    defaultLeft: nodes.map((node) => node.defaultLeft),
    left: nodes.map((node) => node.left),
    right: nodes.map((node) => node.right),
    value: nodes.map((_, node) => leafValue.get(node) ?? 0),
    cover,
    gain: nodes.map(() => 0),
  };
}

/** Rows for random trees: a fifth missing, a third exactly on the grid of thresholds. */
function randomRows(prng: Prng, featureCount: number, rowCount: number): FeatureMatrix {
  const columns = Array.from({ length: featureCount }, () =>
    Float64Array.from({ length: rowCount }, () => {
      const draw = prng.nextFloat();
      if (draw < 0.2) return Number.NaN;
      return draw < 0.5 ? prng.nextInt(11) / 10 : prng.nextFloat();
    }),
  );
  return { rowCount, columns };
}

/** Asserts both explainers give the same expected value and, to 1e-9 relative, the same contributions. */
function assertSameAsRecursive(model: GbdtModel, inputs: FeatureMatrix, label: string): number {
  const fast = createTreeShapExplainer(model);
  const reference = createRecursiveTreeShapExplainer(model);
  assert.equal(fast.expectedValue, reference.expectedValue, `${label}: expected value`);
  const margins = predictMargins(model, inputs);
  const phi = new Float64Array(model.featureCount);
  let largest = 0;
  for (let row = 0; row < inputs.rowCount; row++) {
    fast.explain(inputs.columns, row, phi);
    const expected = reference.explain(inputs.columns, row);
    for (let f = 0; f < model.featureCount; f++) {
      const difference = Math.abs(phi[f]! - expected[f]!);
      largest = Math.max(largest, difference);
      assert.ok(
        difference <= 1e-9 * Math.abs(expected[f]!) + 1e-12,
        `${label} row ${row} feature ${f}: ${phi[f]} vs ${expected[f]}`,
      );
    }
    const sum = phi.reduce((a, b) => a + b, fast.expectedValue);
    assert.ok(Math.abs(sum - margins[row]!) < 1e-9, `${label} row ${row}: ${sum} vs margin ${margins[row]}`);
  }
  return largest;
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

  it("gives the recursive algorithm's values on random trees of depth 1 to 8, with missing values and repeated splits", () => {
    const prng = createPrng(7);
    for (let depth = 1; depth <= 8; depth++)
      for (const featureCount of [2, 5, 12]) {
        const trees = Array.from({ length: 12 }, () => randomTree(prng, featureCount, depth));
        const model: GbdtModel = { featureCount, binEdges: [], baseScore: -0.3, trees };
        assertSameAsRecursive(model, randomRows(prng, featureCount, 60), `depth ${depth}, ${featureCount} features`);
      }
  });

  it('explains trees too large for tables, or with an empty child, by the recursive algorithm', () => {
    const prng = createPrng(8);
    // A chain of 20 splits on 20 distinct features would need 2^20 numbers for its deepest leaf alone.
    const deep = randomTree(prng, 20, 20, true);
    assert.ok(treeShapTableSize(deep) > 2 ** 16);
    const shallow = Array.from({ length: 5 }, () => randomTree(prng, 20, 4));
    const model: GbdtModel = {
      featureCount: 20,
      binEdges: [],
      baseScore: 0.1,
      trees: [shallow[0]!, deep, ...shallow.slice(1)],
    };
    assertSameAsRecursive(model, randomRows(prng, 20, 40), 'deep chain');

    const empty = randomTree(prng, 3, 3);
    const leaf = empty.feature.indexOf(-1);
    empty.cover[leaf] = 0;
    assert.equal(treeShapTableSize(empty), Number.POSITIVE_INFINITY);
    const withEmpty: GbdtModel = { featureCount: 3, binEdges: [], baseScore: 0, trees: [empty] };
    const inputs = randomRows(prng, 3, 20);
    const fast = createTreeShapExplainer(withEmpty);
    const reference = createRecursiveTreeShapExplainer(withEmpty);
    for (let row = 0; row < inputs.rowCount; row++)
      assert.deepEqual(fast.explain(inputs.columns, row), reference.explain(inputs.columns, row), `row ${row}`);
  });

  it("gives the recursive algorithm's values for the fraud model trained on the eth-fraud data", () => {
    // The production settings: 400 trees of depth 6.
    const model = trainFraudModel({ csvPath, seed: 42 });
    const dataset = loadFraudDataset({ csvPath, features: model.encoding.features });
    const every = Math.floor(dataset.rowCount / 300);
    const rows = Uint32Array.from({ length: 300 }, (_, i) => i * every);
    const largest = assertSameAsRecursive(model, encodeFeatures(model.encoding, dataset, rows), 'fraud model');
    assert.ok(largest < 1e-12, `largest difference ${largest}`);
  });
});
