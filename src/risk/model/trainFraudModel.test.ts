import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { evaluateModel } from './evaluateModel.js';
import { loadFraudDataset } from './loadFraudDataset.js';
import { hashModel, loadModel, saveModel } from './modelFile.js';
import { scoreDataset, scoreRows } from './scoreRows.js';
import { trainFraudModel } from './trainFraudModel.js';

const csvPath = new URL('../../../../shared/data/eth-fraud/eth_fraud_public.csv', import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), 'tandem-fraud-'));
after(() => rmSync(folder, { recursive: true, force: true }));

describe('trainFraudModel on the eth-fraud data', () => {
  const started = performance.now();
  const model = trainFraudModel({ csvPath, seed: 42 });
  const trainingSeconds = (performance.now() - started) / 1000;

  it('catches fraud on held-out accounts: F1 ≥ 0.93 and ROC-AUC ≥ 0.98', () => {
    const test = model.metrics.test;
    assert.ok(test, 'test metrics recorded in the model');
    assert.equal(test.rows, model.training.testRows);
    assert.ok(test.rows > 1500 && test.positives > 350);
    assert.ok(test.f1 >= 0.93, `F1 ${test.f1}`);
    assert.ok(test.rocAuc >= 0.98, `ROC-AUC ${test.rocAuc}`);
    assert.ok(model.metrics.validation && model.metrics.validation.f1 >= 0.9);
    assert.ok(trainingSeconds < 15, `training took ${trainingSeconds} s`);
    assert.equal(model.training.split?.groupIdenticalRows, true);
    assert.match(model.training.datasetSha256 ?? '', /^[0-9a-f]{64}$/);
  });

  it('trains the same model, byte for byte, from the same data and seed', () => {
    assert.equal(
      hashModel(trainFraudModel({ csvPath, seed: 42, params: { trees: 20 } })),
      hashModel(trainFraudModel({ csvPath, seed: 42, params: { trees: 20 } })),
    );
  });

  it('scores rows with explanations that add up to the margin', () => {
    // The first 300 accounts and the last 300 (the file lists legitimate accounts first, then fraud).
    const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
    const csvText = [lines[0], ...lines.slice(1, 301), ...lines.slice(-300)].join('\n');
    const dataset = loadFraudDataset({ csvText, features: model.encoding.features });
    const scores = scoreDataset(model, dataset, { threshold: 0.5 });
    assert.equal(scores.length, 600);
    for (const score of scores) {
      const sum = score.contributions.reduce((total, c) => total + c.contribution, score.expectedValue);
      assert.ok(Math.abs(sum - score.margin) < 1e-9);
      assert.equal(score.decision, score.score >= 0.5 ? 'fraud' : 'legitimate');
    }
    // An account with no ERC20 activity at all (every ERC20 column empty) is a fraud signal in this data.
    const [noErc20] = scoreRows(model, [{ 'Sent tnx': 3, 'Received Tnx': 1, 'ERC20 most sent token type': '' }], {
      threshold: 0.5,
      topContributions: 3,
    });
    assert.ok(noErc20);
    assert.equal(noErc20.contributions.length, 3);
    assert.ok(
      noErc20.contributions.every(
        (c, i, all) => i === 0 || Math.abs(all[i - 1]!.contribution) >= Math.abs(c.contribution),
      ),
    );
  });

  it('scores the same after a save and a load', () => {
    const path = join(folder, 'fraud.json');
    const { hash } = saveModel(model, path);
    const loaded = loadModel(path, { expectedHash: hash }).model;
    const dataset = loadFraudDataset({ csvPath, features: model.encoding.features });
    assert.deepEqual(evaluateModel(loaded, dataset), evaluateModel(model, dataset));
  });

  it('refuses rows with unknown features or non-numeric values, naming them', () => {
    assert.throws(
      () => scoreRows(model, [{ 'Sent tnx': 1 }, { 'Sent txn': 1 }]),
      (error: unknown) => error instanceof ValidationError && error.field === 'rows[1].Sent txn',
    );
    assert.throws(
      () => scoreRows(model, [{ 'Sent tnx': 'many' }]),
      (error: unknown) =>
        error instanceof ValidationError && /row 0, feature "Sent tnx": "many" is not a number/.test(error.message),
    );
  });
});
