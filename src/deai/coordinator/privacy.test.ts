import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInProcessRound } from '../federated/runInProcessRound.js';
import { fraudParties } from '../fixtures/fraudParties.js';

describe('differentially private training', () => {
  it('reports the (ε, δ) spent on the model, within the target, with noise on every release', async () => {
    const { parties, validation } = fraudParties({ stride: 4, parties: 3 });
    const { report } = await runInProcessRound({
      parties: parties.map((dataset) => ({ dataset })),
      validation,
      settings: {
        params: { trees: 4, maxDepth: 3, learningRate: 0.3, colsampleByTree: 0.3, maxBins: 16 },
        contribution: { enabled: false } as never,
        privacy: { epsilon: 8, delta: 1e-5, gradientClip: 1, hessianClip: 0.25 },
      },
    });
    assert.equal(report.status, 'completed', report.reason ?? '');
    const privacy = report.privacy!;
    assert.ok(privacy.epsilon > 0 && privacy.epsilon <= 8 + 1e-9, `ε = ${privacy.epsilon}`);
    assert.equal(privacy.delta, 1e-5);
    assert.deepEqual([...new Set(privacy.charges.map((charge) => charge.mechanism))].sort(), [
      'binSketch',
      'categoryCounts',
      'histograms',
      'prior',
    ]);
    for (const charge of privacy.charges) assert.ok(charge.sigma > 0);
    assert.ok(report.metrics.validation!.rocAuc > 0.7, `ROC-AUC ${report.metrics.validation!.rocAuc} at ε = 8`);
  });
});
