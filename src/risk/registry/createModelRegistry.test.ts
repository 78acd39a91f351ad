import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createAuditLog } from '../../compliance/createAuditLog.js';
import { createTestRiskEngine, type TestRiskEngine, trainTestModel } from '../fixtures/createTestRiskEngine.js';
import { createModelRegistry } from './createModelRegistry.js';

let engine: TestRiskEngine;
before(async () => {
  engine = await createTestRiskEngine();
});
after(() => engine.close());

describe('the model in force', () => {
  test('use keeps a verified copy under <dataDir>/models, records its hash and is audited', async () => {
    const { db } = engine.database;
    const audit = createAuditLog({ db });
    const registry = createModelRegistry({ db, audit, dataDir: engine.dataDir });
    assert.equal(registry.current(), null);
    const { path, hash } = trainTestModel(engine.dataDir);
    const used = await registry.use({ source: path, actor: 'key:admin' });
    assert.equal(used.status, 'in-force');
    assert.equal(used.model.hash, hash);
    assert.equal(used.model.file, join(engine.dataDir, 'models', `${hash}.json`));
    assert.equal(used.model.putInForceBy, 'key:admin');
    assert.equal(used.model.summary?.trees, 60);
    assert.equal(registry.current()?.hash, hash);
    assert.equal((await registry.use({ source: path, actor: 'key:admin' })).status, 'unchanged');
    const [event] = await audit.list({ subject: `risk-model:${hash}` });
    assert.equal(event?.action, 'risk.model.use');

    // Another process (a restart) reads the same model back, verified.
    const restarted = createModelRegistry({ db, audit, dataDir: engine.dataDir });
    assert.equal((await restarted.loadInForce())?.hash, hash);

    // A model file changed on disk is refused at start: screening runs without it and says why.
    const stored = join(engine.dataDir, 'models', `${hash}.json`);
    const original = readFileSync(stored, 'utf8');
    writeFileSync(stored, original.replace('"learningRate":0.1', '"learningRate":0.2'));
    const tampered = createModelRegistry({ db, audit, dataDir: engine.dataDir });
    assert.equal(await tampered.loadInForce(), null);
    assert.match((await tampered.status()).error ?? '', /does not match the expected model hash/);
    writeFileSync(stored, original);
  });

  test('a file that is not a model is refused and the model in force stays', async () => {
    const { db } = engine.database;
    const registry = createModelRegistry({ db, audit: createAuditLog({ db }), dataDir: engine.dataDir });
    await registry.loadInForce();
    const before = registry.current()?.hash;
    const bogus = join(engine.dataDir, 'not-a-model.json');
    writeFileSync(bogus, '{"format":"something-else"}');
    await assert.rejects(registry.use({ source: bogus, actor: 'key:admin' }), /not a valid model file/);
    await assert.rejects(
      registry.use({ source: join(engine.dataDir, 'missing.json'), actor: 'key:admin' }),
      /cannot read/,
    );
    assert.equal(registry.current()?.hash, before);
  });

  test('registry:N is refused until the on-chain registry is connected, and used through the seam once it is', async () => {
    const { db } = engine.database;
    const audit = createAuditLog({ db });
    const offline = createModelRegistry({ db, audit, dataDir: engine.dataDir });
    await assert.rejects(
      offline.use({ source: 'registry:3', actor: 'key:admin' }),
      (error: Error & { code?: string }) => error.code === 'model-registry-unavailable',
    );
    await assert.rejects(offline.use({ source: 'registry:x', actor: 'key:admin' }), /names no registry version/);
    const { path, hash } = trainTestModel(engine.dataDir);
    const text = readFileSync(path, 'utf8');
    const online = createModelRegistry({
      db,
      audit,
      dataDir: engine.dataDir,
      fetchRegistryVersion: async () => ({ text, expectedHash: hash }),
    });
    const used = await online.use({ source: 'registry:3', actor: 'key:admin' });
    assert.equal(used.model.source, 'registry:3');
    const lying = createModelRegistry({
      db,
      audit,
      dataDir: engine.dataDir,
      fetchRegistryVersion: async () => ({ text, expectedHash: '0'.repeat(64) }),
    });
    await assert.rejects(
      lying.use({ source: 'registry:4', actor: 'key:admin' }),
      /does not match the expected model hash/,
    );
  });
});
