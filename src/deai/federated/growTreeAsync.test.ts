import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBinEdges } from '../../risk/model/computeBinEdges.js';
import { createBinnedMatrix } from '../../risk/model/createBinnedMatrix.js';
import { createLocalHistogramSource } from '../../risk/model/createLocalHistogramSource.js';
import { createPrng } from '../../risk/model/createPrng.js';
import { growTree, type TreeRules } from '../../risk/model/growTree.js';
import { createHistogramLayout } from '../../risk/model/HistogramLayout.js';
import { fraudSample } from '../fixtures/fraudSample.js';
import type { AsyncHistogramSource } from './AsyncHistogramSource.js';
import { computeGradients } from './computeGradients.js';
import { createLocalAsyncSource } from './createLocalAsyncSource.js';
import { growTreeAsync } from './growTreeAsync.js';

const { inputs, labels } = fraudSample(4);
const binEdges = inputs.columns.map((column) => computeBinEdges(column, 256));
const matrix = createBinnedMatrix(inputs, binEdges);
const layout = createHistogramLayout(matrix.binCounts);
const rows = Uint32Array.from({ length: inputs.rowCount }, (_, i) => i);

function gradientsAt(seed: number, quantize: boolean) {
  const prng = createPrng(seed);
  const margins = Float64Array.from(labels, (y) => (y ? 1 : -1) * prng.nextFloat() * 3 - 1);
  const gradients = new Float64Array(rows.length);
  const hessians = new Float64Array(rows.length);
  computeGradients(margins, labels, { scalePosWeight: 1, quantize }, gradients, hessians);
  return { gradients, hessians };
}

const rules = (overrides: Partial<TreeRules> = {}): TreeRules => ({
  lambda: 1,
  gamma: 0,
  minChildWeight: 1,
  maxDepth: 6,
  maxLeaves: 0,
  learningRate: 0.1,
  ...overrides,
});

describe('growTreeAsync', () => {
  it('grows exactly the tree growTree grows, node numbering included', async () => {
    const features = Array.from({ length: inputs.columns.length }, (_, i) => i);
    for (const [seed, ruleSet] of [
      [1, rules()],
      [2, rules({ maxDepth: 3, minChildWeight: 0 })],
      [3, rules({ maxLeaves: 7 })],
      [4, rules({ gamma: 0.5, lambda: 3, maxDepth: 8 })],
    ] as const) {
      const { gradients, hessians } = gradientsAt(seed, false);
      const local = () => createLocalHistogramSource({ matrix, layout, gradients, hessians, rows });
      const expected = growTree(local(), ruleSet, features);
      const actual = await growTreeAsync(createLocalAsyncSource(local()), ruleSet, features);
      assert.deepEqual(actual, expected, `seed ${seed}`);
      assert.ok(expected.feature.length > 5);
    }
  });

  it('asks one histogram request per tree level, not one per node', async () => {
    const { gradients, hessians } = gradientsAt(5, true);
    const inner = createLocalAsyncSource(createLocalHistogramSource({ matrix, layout, gradients, hessians, rows }));
    let requests = 0;
    // Without row counts (as in a federation) the grower picks the smaller child by hessian; on the fixed-point grid
    // the tree is still identical.
    const counting: AsyncHistogramSource = {
      layout,
      histogramsFor: (nodes, features) => {
        requests++;
        return inner.histogramsFor(nodes, features);
      },
      splitNodes: async (expansions) => {
        await inner.splitNodes(expansions);
        return expansions.map(() => undefined);
      },
    };
    const features = [0, 3, 5, 8, 13, 21, 34, 40];
    const tree = await growTreeAsync(counting, rules({ maxDepth: 5 }), features);
    const expected = growTree(
      createLocalHistogramSource({ matrix, layout, gradients, hessians, rows }),
      rules({ maxDepth: 5 }),
      features,
    );
    assert.deepEqual(tree, expected);
    assert.ok(requests <= 5, `${requests} requests`);
  });
});
