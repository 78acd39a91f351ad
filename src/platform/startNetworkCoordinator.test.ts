import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { dropTestDatabaseSchema } from '../db/createTestDatabaseUrl.js';
import { fraudParties } from '../deai/fixtures/fraudParties.js';
import { createHttpLink } from '../deai/node/connectNodeOverHttp.js';
import { createNetworkNode } from '../deai/node/createNetworkNode.js';
import { loadModel } from '../risk/model/modelFile.js';
import { startNetworkCoordinator } from './startNetworkCoordinator.js';
import { startServer } from './startServer.js';
import { testServerConfig } from './testServerConfig.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-embedded-coordinator-'));
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropTestDatabaseSchema(dataDir);
});

describe('the open network coordinator inside tandem start', () => {
  it('is served by tandem start, and records the rounds nodes train in with their model files', {
    timeout: 180_000,
  }, async () => {
    const server = await startServer(await testServerConfig(dataDir));
    try {
      // tandem start's own coordinator answers nodes polling for a round.
      assert.ok(server.networkUrl);
      const announced = await fetch(`${server.networkUrl}/network/v1/round`);
      assert.equal(announced.status, 200);

      // A second one with a short join window and a small model, so that a round ends quickly here.
      const { parties, validation } = fraudParties({ stride: 8, parties: 3 });
      const coordinator = await startNetworkCoordinator({
        platform: server.platform,
        host: '127.0.0.1',
        port: 0,
        validation,
        settings: { joinWindowMs: 3_000, expectedParties: 3, params: { trees: 2, maxDepth: 3 } },
      });
      const nodes = parties.map((dataset) => {
        const link = createHttpLink(coordinator.url, { pollMs: 100, waitMs: 2_000 });
        const node = createNetworkNode({
          signer: privateKeyToAccount(generatePrivateKey()),
          role: 'data',
          dataset,
          send: link.send,
        });
        return { node, run: link.run(node, 1) };
      });
      const outcomes = await Promise.all(nodes.map(({ run }) => run));
      for (const { node } of nodes) node.stop();
      await coordinator.stop();
      const [outcome] = outcomes[0]!;
      assert.equal(outcome?.status, 'completed', outcome?.reason ?? '');

      const rounds = await server.platform.network.rounds();
      const recorded = rounds.find((round) => round.id === outcome!.roundId);
      assert.ok(recorded, `round ${outcome!.roundId} recorded`);
      assert.equal(recorded.status, 'completed');
      assert.equal(recorded.modelSha256, outcome!.modelSha256);
      const modelFile = join(dataDir, 'network-rounds', `${outcome!.roundId}.model.json`);
      assert.ok(existsSync(modelFile));
      loadModel(modelFile, { expectedHash: outcome!.modelSha256! });
    } finally {
      await server.stop();
    }
  });
});
