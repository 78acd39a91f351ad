import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { createPrng } from './createPrng.js';
import { fitFraudModel } from './fitFraudModel.js';
import { loadFraudDataset } from './loadFraudDataset.js';
import { hashModel, loadModel, parseModel, saveModel } from './modelFile.js';
import { stratifiedSplit } from './stratifiedSplit.js';

const folder = mkdtempSync(join(tmpdir(), 'tandem-model-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function smallModel() {
  const prng = createPrng(1);
  const lines = ['FLAG,amount,token'];
  for (let i = 0; i < 400; i++) {
    const amount = prng.nextFloat() * 100;
    const token = ['EOS', 'Golem', 'OmiseGO', ''][prng.nextInt(4)]!;
    lines.push(`${amount > 60 || token === '' ? 1 : 0},${prng.nextFloat() < 0.1 ? '' : amount.toFixed(3)},${token}`);
  }
  const dataset = loadFraudDataset({
    csvText: lines.join('\n'),
    requiredColumns: [],
    categoricalColumns: ['token'],
  });
  const split = stratifiedSplit(dataset.labels!, { validation: 0, test: 0.25, seed: 1 });
  return fitFraudModel({ dataset, split, params: { trees: 15 } });
}

const isRefusal = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof ValidationError && error.code === code && pattern.test(error.message);

describe('modelFile', () => {
  const model = smallModel();
  const path = join(folder, 'fraud.json');

  it('saves canonical bytes whose sha256 is the model hash, and loads the same model back', () => {
    const saved = saveModel(model, path);
    assert.equal(saved.hash, hashModel(model));
    assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), saved.hash);
    const loaded = loadModel(path, { expectedHash: saved.hash });
    assert.equal(loaded.hash, saved.hash);
    assert.deepEqual(loaded.model, JSON.parse(JSON.stringify(model)));
    // Key order and whitespace do not change the identity.
    const pretty = join(folder, 'pretty.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 2));
    assert.equal(loadModel(pretty, { expectedHash: `0x${saved.hash.toUpperCase()}` }).hash, saved.hash);
  });

  it('refuses a file whose hash is not the expected one', () => {
    const saved = saveModel(model, path);
    const tampered = JSON.parse(readFileSync(path, 'utf8'));
    tampered.trees[0].value[1] += 0.5;
    const tamperedPath = join(folder, 'tampered.json');
    writeFileSync(tamperedPath, JSON.stringify(tampered));
    assert.throws(
      () => loadModel(tamperedPath, { expectedHash: saved.hash }),
      isRefusal('model-hash-mismatch', /does not match the expected model hash/),
    );
    // Without an expected hash it loads, under its own (different) hash.
    assert.notEqual(loadModel(tamperedPath).hash, saved.hash);
  });

  it('refuses malformed files with a clear reason', () => {
    const good = JSON.parse(JSON.stringify(model));
    const refuse = (mutate: (m: typeof good) => void, pattern: RegExp) => {
      const copy = JSON.parse(JSON.stringify(good));
      mutate(copy);
      assert.throws(() => parseModel(JSON.stringify(copy)), isRefusal('model-malformed', pattern));
    };
    assert.throws(() => parseModel('{"format": "tandem-fraud-model",'), isRefusal('model-malformed', /malformed JSON/));
    refuse((m) => {
      m.formatVersion = 2;
    }, /format version 2; this Tandem reads version 1/);
    refuse((m) => {
      m.format = 'xgboost';
    }, /model\.format/);
    refuse((m) => {
      delete m.baseScore;
    }, /model\.baseScore/);
    refuse((m) => {
      m.trees[0].value.pop();
    }, /model\.trees\.0\.value: needs/);
    refuse((m) => {
      m.trees[0].left[0] = 0;
    }, /out of order or range/);
    refuse((m) => {
      m.trees[0].feature[0] = 99;
    }, /feature 99 of 2/);
    refuse((m) => {
      m.binEdges[0].reverse();
    }, /edges must ascend/);
    refuse((m) => {
      m.params.learningRate = -1;
    }, /model\.params\.learningRate/);
    assert.throws(() => loadModel(join(folder, 'absent.json')), isRefusal('model-unreadable', /cannot read/));
  });
});
