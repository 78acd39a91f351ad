import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { averagePrecision, binaryMetrics, confusionMatrix, f1Score, logLoss, rocAuc } from './metrics.js';

const labels = [1, 0, 1, 0, 1];
const scores = [0.9, 0.1, 0.4, 0.4, 0.8];

describe('metrics', () => {
  it('counts the confusion matrix and F1 at a threshold', () => {
    assert.deepEqual(confusionMatrix(labels, scores, 0.5), {
      truePositives: 2,
      falsePositives: 0,
      trueNegatives: 2,
      falseNegatives: 1,
    });
    assert.equal(f1Score(labels, scores, 0.5), 0.8);
    // At 0.4 the tie counts as positive: TP 3, FP 1.
    assert.equal(f1Score(labels, scores, 0.4), 6 / 7);
    assert.equal(f1Score([0, 0], [0.1, 0.2]), 0);
  });

  it('computes ROC-AUC with ties counting half', () => {
    assert.equal(rocAuc(labels, scores), 5.5 / 6);
    assert.equal(rocAuc([0, 1], [0.2, 0.8]), 1);
    assert.equal(rocAuc([1, 0], [0.2, 0.8]), 0);
    assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.8])));
  });

  it('computes average precision as scikit-learn does', () => {
    assert.equal(averagePrecision(labels, scores), 1 / 3 + 1 / 3 + (1 / 3) * (3 / 4));
    assert.equal(averagePrecision([0, 1, 1], [0.9, 0.8, 0.7]), 0.5 * 0.5 + 0.5 * (2 / 3));
  });

  it('computes log loss with clipping', () => {
    const expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.4) + Math.log(0.6) + Math.log(0.8)) / 5;
    assert.ok(Math.abs(logLoss(labels, scores) - expected) < 1e-15);
    assert.ok(Number.isFinite(logLoss([1], [0])));
  });

  it('gathers everything in binaryMetrics', () => {
    const metrics = binaryMetrics(labels, scores);
    assert.equal(metrics.rows, 5);
    assert.equal(metrics.positives, 3);
    assert.equal(metrics.precision, 1);
    assert.equal(metrics.recall, 2 / 3);
    assert.equal(metrics.f1, 0.8);
  });
});
