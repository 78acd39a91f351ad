import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFraudFile } from '../fixtures/fraudSample.js';
import { skewedFiveParties } from './partitionSkewed.js';
import { runQualityExperiment } from './runQualityExperiment.js';
import { sliceDataset } from './sliceDataset.js';

// The benchmark's experiment (bench/federated.bench.ts) on half the rows and a small model, to stay fast.
describe('federated vs centralized on a skewed 5-party split', () => {
  it('reaches the F1 of centralized training within 0.005, with the same trees as centralized on the same edges', async () => {
    const dataset = loadFraudFile();
    const half = sliceDataset(
      dataset,
      Array.from({ length: Math.floor(dataset.rowCount / 2) }, (_, i) => 2 * i),
      'half',
    );
    const result = await runQualityExperiment({
      dataset: half,
      parties: skewedFiveParties,
      params: { trees: 20, maxDepth: 4, learningRate: 0.3, seed: 1 },
      seed: 42,
      contribution: false,
    });
    const rates = result.parties.map((party) => party.fraudRate);
    assert.ok(Math.max(...rates) / Math.min(...rates) > 5, 'fraud rates differ a lot between parties');
    assert.ok(
      Math.abs(result.federated.f1 - result.centralized.f1) <= 0.005,
      `F1 ${result.federated.f1} vs ${result.centralized.f1}`,
    );
    assert.ok(result.federated.identicalToCentralized);
    assert.ok(result.federated.bytesPerTreePerNode > 0);
  });
});
