import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { f1Score, rocAuc } from '../../risk/model/metrics.js';
import { predictMargins } from '../../risk/model/predictMargins.js';
import { trainGbdt } from '../../risk/model/trainGbdt.js';
import { fraudSample } from '../fixtures/fraudSample.js';
import { trainCentralized } from './trainCentralized.js';

const train = fraudSample(3);
const test = fraudSample(3, 1);

describe('trainCentralized', () => {
  it('is trainGbdt exactly without fixed point (same trees, column sampling, base score)', () => {
    const params = { trees: 25, maxDepth: 5, colsampleByTree: 0.6, seed: 7 };
    const expected = trainGbdt({ train, params }).model;
    assert.deepEqual(trainCentralized({ train, params, fixedPoint: false }), expected);
    const weighted = { ...params, scalePosWeight: 2.5, baseScore: 0.3 as const, colsampleByTree: 1 };
    assert.deepEqual(
      trainCentralized({ train, params: weighted, fixedPoint: false }),
      trainGbdt({ train, params: weighted }).model,
    );
  });

  it('on the fixed-point grid scores like trainGbdt (near-tie splits may flip, quality does not move)', () => {
    const probabilities = (m: Float64Array) => m.map((x) => 1 / (1 + Math.exp(-x)));
    for (const seed of [1, 2]) {
      const params = { trees: 60, maxDepth: 6, seed };
      const exact = probabilities(predictMargins(trainGbdt({ train, params }).model, test.inputs));
      const fixed = probabilities(predictMargins(trainCentralized({ train, params, fixedPoint: true }), test.inputs));
      assert.ok(Math.abs(f1Score(test.labels, exact) - f1Score(test.labels, fixed)) < 0.005);
      assert.ok(Math.abs(rocAuc(test.labels, exact) - rocAuc(test.labels, fixed)) < 0.001);
    }
  });

  it('refuses what the federated learner does not do', () => {
    assert.throws(() => trainCentralized({ train, params: { subsample: 0.5 }, fixedPoint: true }), /subsample/);
  });
});
