import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../risk/model/canonicalJson.js';
import { encodeFeatures } from '../../risk/model/encodeFeatures.js';
import { parseModel } from '../../risk/model/modelFile.js';
import { scoreDataset } from '../../risk/model/scoreRows.js';
import { runInProcessRound } from '../federated/runInProcessRound.js';
import { trainCentralized } from '../federated/trainCentralized.js';
import { fraudParties } from '../fixtures/fraudParties.js';

const noContribution = { enabled: false } as never;

describe('federated training round (in process)', () => {
  it('builds exactly the trees centralized training builds on the union, with the same bin edges', async () => {
    const { parties, union, validation } = fraudParties({ stride: 4, parties: 3 });
    const params = { trees: 6, maxDepth: 4, colsampleByTree: 0.6, seed: 11 };
    const { report } = await runInProcessRound({
      parties: parties.map((dataset) => ({ dataset })),
      validation,
      settings: { params, contribution: noContribution },
    });
    assert.equal(report.status, 'completed', report.reason ?? '');
    const model = report.model!;
    const central = trainCentralized({
      train: { inputs: encodeFeatures(model.encoding, union), labels: union.labels! },
      params,
      binEdges: model.binEdges,
      fixedPoint: true,
    });
    assert.equal(model.baseScore, central.baseScore);
    assert.deepEqual(model.trees, central.trees);
    // The file is a risk-engine model: it loads, hashes to the reported sha256 and scores rows.
    const loaded = parseModel(canonicalJson(model), { expectedHash: report.modelSha256! });
    assert.equal(loaded.hash, report.modelSha256);
    const scores = scoreDataset(loaded.model, validation, { threshold: 0.5 });
    assert.equal(scores.length, validation.rowCount);
    assert.ok(report.metrics.validation!.rocAuc > 0.97, `validation ROC-AUC ${report.metrics.validation!.rocAuc}`);
    // On-chain provenance: one signed data commitment per party, and the model file names them.
    assert.equal(report.parties.filter((party) => party.status === 'trained').length, 3);
    for (const party of report.parties) assert.match(party.commitmentHash!, /^[0-9a-f]{64}$/);
    assert.match(model.training.datasetSha256!, /^[0-9a-f]{64}$/);
    assert.ok(report.traffic.bytesPerTreePerNode > 0);
  });
});

describe('joining', () => {
  it('turns away a node that comes after the join window, which then trains in the next round', async () => {
    const { createInProcessNetwork } = await import('../federated/createInProcessNetwork.js');
    const { createCoordinator } = await import('./createCoordinator.js');
    const { createNetworkNode } = await import('../node/createNetworkNode.js');
    const { generatePrivateKey, privateKeyToAccount } = await import('viem/accounts');
    const { parties, validation } = fraudParties({ stride: 8, parties: 4 });
    const network = createInProcessNetwork();
    const coordinator = createCoordinator({
      signer: privateKeyToAccount(generatePrivateKey()),
      deliver: network.deliver,
      announce: network.announce,
      validation,
      settings: {
        expectedParties: 3,
        joinWindowMs: 5_000,
        stepTimeoutMs: 5_000,
        params: { trees: 2, maxDepth: 2 },
        contribution: { enabled: false } as never,
      },
    });
    network.attachCoordinator(coordinator);
    const refusals: string[] = [];
    const nodes = parties.map((dataset, i) => {
      const signer = privateKeyToAccount(generatePrivateKey());
      const node = createNetworkNode({
        signer,
        role: 'data',
        dataset,
        send: network.sendFrom(signer.address),
        log: (event, details) => {
          if (i === 3 && event === 'join-refused') refusals.push(String(details.error));
        },
      });
      network.attachNode(node);
      return node;
    });
    const late = nodes[3]!.address.toLowerCase();
    // Round 1: the late node's copy of the announcement is held until the round is under way.
    let held: string | undefined;
    const release = network.intercept((message) => {
      const { kind } = JSON.parse(message.raw) as { kind: string };
      if (message.direction === 'to-node' && message.address === late && kind === 'roundAnnounce' && !held) {
        held = message.raw;
        return undefined;
      }
      if (kind === 'epochStart' && held) {
        const announcement = held;
        setImmediate(() => network.deliverNow(late, announcement));
        held = '';
      }
      return message.raw;
    });
    const first = await coordinator.runRound();
    release();
    await Promise.all(nodes.map((node) => node.settled()));
    assert.equal(first.status, 'completed', first.reason ?? '');
    assert.ok(!first.parties.some((party) => party.address === late));
    assert.match(refusals.join('\n'), /no longer taking joins; wait for the next round/);

    const second = await coordinator.runRound({ expectedParties: 4 });
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(nodes.map((node) => node.settled()));
    for (const node of nodes) node.stop();
    assert.equal(second.status, 'completed', second.reason ?? '');
    assert.equal(second.parties.find((party) => party.address === late)?.status, 'trained');
    assert.deepEqual(
      nodes[3]!.outcomes().map((outcome) => outcome.status),
      ['completed'],
    );
  });
});
