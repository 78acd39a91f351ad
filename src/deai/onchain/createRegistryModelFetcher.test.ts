import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createAuditLog } from '../../compliance/createAuditLog.js';
import { trainTestModel } from '../../risk/fixtures/createTestRiskEngine.js';
import { loadModel, saveModel } from '../../risk/model/modelFile.js';
import { createModelRegistry } from '../../risk/registry/createModelRegistry.js';
import { createTestNetwork, type TestNetwork } from './fixtures/createTestNetwork.js';
import { exampleRoundReport } from './fixtures/exampleRoundReport.js';
import { registerModelVersion } from './registerModelVersion.js';

let t: TestNetwork;
let trained: { path: string; hash: string };
before(async () => {
  t = await createTestNetwork();
  trained = trainTestModel(t.dataDir);
  await t.network.recordRound(
    await exampleRoundReport({
      roundId: 'r-1',
      model: { file: trained.path, sha256: trained.hash },
      parties: [{ account: t.testChain.accounts[3]!, role: 'data', value: 0.02, share: 1 }],
    }),
  );
  await t.network.publishRound({ roundId: 'r-1' });
});
after(() => t.close());

const riskModels = () =>
  createModelRegistry({
    db: t.database.db,
    audit: createAuditLog({ db: t.database.db }),
    dataDir: t.dataDir,
    fetchRegistryVersion: t.network.fetchRegistryVersion,
  });

const registerWithUri = (sha256: string, uri: string) =>
  registerModelVersion({
    sender: t.sender,
    publicClient: t.testChain.publicClient,
    registry: t.contracts.modelRegistry.address,
    input: {
      modelSha256: sha256,
      dataCommitments: [{ party: t.testChain.accounts[3]!.address, commitment: `0x${'ab'.repeat(32)}` }],
      metrics: { f1: 0.9, rocAuc: 0.99 },
      privacy: null,
      rewardEpoch: null,
      uri,
    },
  });

describe('the risk engine’s registry:N', () => {
  test('puts the registered model in force, verified against the on-chain sha256', async () => {
    const used = await riskModels().use({ source: 'registry:1', actor: 'key:admin' });
    assert.equal(used.status, 'in-force');
    assert.equal(used.model.hash, trained.hash);
    assert.equal(used.model.source, 'registry:1');
  });

  test('refuses a kept file that no longer matches the on-chain record, and leaves the model in force alone', async () => {
    const kept = join(t.dataDir, 'network', 'models', `${trained.hash}.json`);
    const original = readFileSync(kept, 'utf8');
    writeFileSync(kept, original.replace('"learningRate":0.1', '"learningRate":0.2'));
    try {
      const models = riskModels();
      await assert.rejects(
        models.use({ source: 'registry:1', actor: 'key:admin' }),
        /does not match the expected model hash/,
      );
      assert.equal(models.current(), null);
    } finally {
      writeFileSync(kept, original);
    }
  });

  test('fetches a version Tandem did not publish from its http: or file: URI, and refuses a file that does not match', async () => {
    // Another valid model (same trees, another recorded seed), served over HTTP.
    const { model } = loadModel(trained.path);
    const served = saveModel({ ...model, training: { ...model.training, seed: 8 } }, join(t.dataDir, 'served.json'));
    const server: Server = createServer((request, response) => {
      response.end(request.url === '/fraud.json' ? readFileSync(served.path) : '{"not":"the model"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const overHttp = await registerWithUri(served.hash, `${base}/fraud.json`);
      const used = await riskModels().use({ source: `registry:${overHttp.version}`, actor: 'key:admin' });
      assert.equal(used.model.hash, served.hash);

      const wrongFile = await registerWithUri('d'.repeat(64), `${base}/other.json`);
      await assert.rejects(
        riskModels().use({ source: `registry:${wrongFile.version}`, actor: 'key:admin' }),
        /not a valid model file/,
      );
      // A record that lies about the file's hash: the model's bytes, another sha256.
      const lying = await registerWithUri('e'.repeat(64), pathToFileURL(served.path).href);
      await assert.rejects(
        riskModels().use({ source: `registry:${lying.version}`, actor: 'key:admin' }),
        /does not match the expected model hash/,
      );
      const missing = await registerWithUri('c'.repeat(64), pathToFileURL(join(t.dataDir, 'gone.json')).href);
      await assert.rejects(t.network.fetchRegistryVersion(missing.version), /is not on this machine/);
      const unsupported = await registerWithUri('b'.repeat(64), 'ipfs://bafy');
      await assert.rejects(
        t.network.fetchRegistryVersion(unsupported.version),
        /cannot be fetched from "ipfs:\/\/bafy"/,
      );
    } finally {
      server.close();
    }
  });

  test('a version that does not exist is refused with a clear message', async () => {
    await assert.rejects(riskModels().use({ source: 'registry:99', actor: 'key:admin' }), /has no version 99/);
  });
});
