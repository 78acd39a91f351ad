import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBinEdges } from './computeBinEdges.js';
import { createBinnedMatrix } from './createBinnedMatrix.js';
import { createLocalHistogramSource } from './createLocalHistogramSource.js';
import { createPrng } from './createPrng.js';
import type { FeatureMatrix } from './FeatureEncoding.js';
import { growTree } from './growTree.js';
import { createHistogramLayout } from './HistogramLayout.js';
import type { HistogramSource } from './HistogramSource.js';
import { f1Score, rocAuc } from './metrics.js';
import { predictMargins } from './predictMargins.js';
import { trainGbdt } from './trainGbdt.js';

/** Rows where fraud = (x0 > 0.5) XOR (x1 > 0.3), plus noise features and a few flipped labels. */
function xorData(rowCount: number, seed: number, flip = 0.01) {
  const prng = createPrng(seed);
  const columns = Array.from({ length: 5 }, () => new Float64Array(rowCount));
  const labels = new Uint8Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    for (const column of columns) column[row] = prng.nextFloat();
    const rule = columns[0]![row]! > 0.5 !== columns[1]![row]! > 0.3;
    labels[row] = (prng.nextFloat() < flip ? !rule : rule) ? 1 : 0;
  }
  return { inputs: { rowCount, columns } satisfies FeatureMatrix, labels };
}

const probabilities = (margins: Float64Array) => margins.map((m) => 1 / (1 + Math.exp(-m)));

describe('trainGbdt', () => {
  it('learns a known rule that no single feature reveals', () => {
    const train = xorData(3000, 1);
    const test = xorData(2000, 2, 0);
    const { model } = trainGbdt({ train, params: { trees: 60, learningRate: 0.3, maxDepth: 3 } });
    const p = probabilities(predictMargins(model, test.inputs));
    assert.ok(f1Score(test.labels, p) > 0.97, `F1 ${f1Score(test.labels, p)}`);
    assert.ok(rocAuc(test.labels, p) > 0.99);
    // The gain comes from the two features of the rule, not the noise.
    const gain = new Float64Array(5);
    for (const tree of model.trees)
      for (const [node, f] of tree.feature.entries()) if (f >= 0) gain[f]! += tree.gain[node]!;
    assert.ok(gain[0]! + gain[1]! > 0.9 * gain.reduce((a, b) => a + b, 0), `gain by feature ${gain.join(', ')}`);
  });

  it('is deterministic for a seed, with row and column sampling', () => {
    const train = xorData(1500, 3);
    const params = { trees: 20, subsample: 0.7, colsampleByTree: 0.6, seed: 42 };
    const first = trainGbdt({ train, params });
    const second = trainGbdt({ train, params });
    assert.deepEqual(first.model, second.model);
    const otherSeed = trainGbdt({ train, params: { ...params, seed: 43 } });
    assert.notDeepEqual(first.model.trees, otherSeed.model.trees);
  });

  it('sends missing values the learned way', () => {
    // x0 missing marks fraud; when present, fraud is x0 > 0.8.
    const prng = createPrng(5);
    const rowCount = 2000;
    const x0 = new Float64Array(rowCount);
    const labels = new Uint8Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const missing = prng.nextFloat() < 0.2;
      x0[row] = missing ? Number.NaN : prng.nextFloat();
      labels[row] = missing || x0[row]! > 0.8 ? 1 : 0;
    }
    const { model } = trainGbdt({
      train: { inputs: { rowCount, columns: [x0] }, labels },
      params: { trees: 30, learningRate: 0.3 },
    });
    const score = (value: number) =>
      probabilities(predictMargins(model, { rowCount: 1, columns: [Float64Array.of(value)] }))[0]!;
    assert.ok(score(Number.NaN) > 0.95, `missing scored ${score(Number.NaN)}`);
    assert.ok(score(0.9) > 0.95);
    assert.ok(score(0.3) < 0.05);
    // The first tree sends missing values to the fraud side of its root split.
    const root = model.trees[0]!;
    const missingSide = root.defaultLeft[0] === 1 ? root.left[0]! : root.right[0]!;
    const lowSide = root.left[0]!;
    assert.notEqual(missingSide, lowSide);
  });

  it('sends missing values to the larger child when training saw none', () => {
    const train = xorData(1000, 6);
    const { model } = trainGbdt({ train, params: { trees: 1, maxDepth: 1 } });
    const tree = model.trees[0]!;
    const left = tree.left[0]!;
    const right = tree.right[0]!;
    assert.equal(tree.defaultLeft[0], tree.cover[left]! >= tree.cover[right]! ? 1 : 0);
  });

  it('stops early on the validation set and keeps the trees up to the best round', () => {
    const train = xorData(800, 7, 0.2);
    const validation = xorData(800, 8, 0.2);
    const result = trainGbdt({
      train,
      validation,
      params: { trees: 500, learningRate: 0.5, maxDepth: 6, earlyStoppingRounds: 10 },
    });
    assert.ok(result.roundsTrained < 500);
    assert.equal(result.roundsTrained, result.bestIteration + 11);
    assert.equal(result.model.trees.length, result.bestIteration + 1);
    const best = Math.min(...result.validationLoss);
    assert.equal(result.validationLoss[result.bestIteration], best);
    assert.throws(
      () => trainGbdt({ train, params: { earlyStoppingRounds: 5 } }),
      /early stopping needs a validation set/,
    );
  });

  it('keeps to max depth and max leaves', () => {
    const train = xorData(2000, 9);
    const { model } = trainGbdt({ train, params: { trees: 5, maxDepth: 4, maxLeaves: 5 } });
    for (const tree of model.trees) {
      assert.ok(tree.feature.filter((f) => f === -1).length <= 5);
      const depth = (node: number): number =>
        tree.feature[node] === -1 ? 0 : 1 + Math.max(depth(tree.left[node]!), depth(tree.right[node]!));
      assert.ok(depth(0) <= 4);
    }
  });

  it('weights fraud rows by scalePosWeight and starts from the weighted prior', () => {
    const train = xorData(2000, 10, 0.3);
    const plain = trainGbdt({ train, params: { trees: 10 } });
    const weighted = trainGbdt({ train, params: { trees: 10, scalePosWeight: 4 } });
    assert.ok(weighted.model.baseScore > plain.model.baseScore);
    const mean = (m: Float64Array) => m.reduce((a, b) => a + b, 0) / m.length;
    assert.ok(mean(predictMargins(weighted.model, train.inputs)) > mean(predictMargins(plain.model, train.inputs)));
  });

  it('uses bin edges it is given (edges a federation agreed on)', () => {
    const train = xorData(500, 11);
    const binEdges = train.inputs.columns.map(() => [0.25, 0.5, 0.75]);
    const { model } = trainGbdt({ train, binEdges, params: { trees: 3 } });
    assert.deepEqual(model.binEdges, binEdges);
    for (const tree of model.trees)
      for (const [node, f] of tree.feature.entries())
        if (f >= 0) assert.ok([0.25, 0.5, 0.75].includes(tree.threshold[node]!));
  });

  it('grows the same tree from histograms summed over two parties as from all rows in one place', () => {
    const { inputs, labels } = xorData(4000, 12);
    const binEdges = inputs.columns.map((c) => computeBinEdges(c, 256));
    const matrix = createBinnedMatrix(inputs, binEdges);
    const layout = createHistogramLayout(matrix.binCounts);
    // Gradients at the prior, in multiples of 2⁻¹⁰ so sums are exact in any order.
    const gradients = Float64Array.from(labels, (y) => (y === 1 ? -512 : 512) / 1024);
    const hessians = Float64Array.from(labels, () => 256 / 1024);
    const all = Uint32Array.from({ length: 4000 }, (_, i) => i);
    const local = (rows: Uint32Array) => createLocalHistogramSource({ matrix, layout, gradients, hessians, rows });
    const partyA = local(all.filter((row) => row % 3 === 0));
    const partyB = local(all.filter((row) => row % 3 !== 0));
    const federated: HistogramSource = {
      layout,
      histogramsFor(node, features, out) {
        const sum = partyA.histogramsFor(node, features, out);
        const other = partyB.histogramsFor(node, features);
        for (let i = 0; i < sum.length; i++) sum[i]! += other[i]!;
        return sum;
      },
      splitNode(node, split, left, right) {
        const a = partyA.splitNode(node, split, left, right);
        const b = partyB.splitNode(node, split, left, right);
        return { leftRows: a.leftRows + b.leftRows, rightRows: a.rightRows + b.rightRows };
      },
    };
    const rules = { lambda: 1, gamma: 0, minChildWeight: 1, maxDepth: 4, maxLeaves: 0, learningRate: 0.3 };
    const features = [0, 1, 2, 3, 4];
    assert.deepEqual(growTree(federated, rules, features), growTree(local(all), rules, features));
  });
});
