import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInProcessRound } from '../federated/runInProcessRound.js';
import { fraudParties } from '../fixtures/fraudParties.js';

describe('parties dropping out mid-round', () => {
  it('finishes with the others when one vanishes after masking and another before sending its share', async () => {
    const { parties, validation } = fraudParties({ stride: 6, parties: 5 });
    let vanishedAfterMasking = '';
    let droppedBeforeSending = '';
    const { report } = await runInProcessRound({
      parties: parties.map((dataset) => ({ dataset })),
      validation,
      settings: {
        params: { trees: 4, maxDepth: 3, colsampleByTree: 0.5 },
        contribution: { enabled: false } as never,
        stepTimeoutMs: 2_500,
      },
      prepare: (network, nodes) => {
        const [first, , third, fourth] = nodes;
        let treeUpdates = 0;
        network.intercept((message) => {
          const { kind } = JSON.parse(message.raw) as { kind: string };
          if (
            message.direction === 'to-node' &&
            kind === 'treeUpdate' &&
            message.address === first!.address.toLowerCase()
          )
            treeUpdates++;
          // Tree 1: the third party sends its masked histograms, then vanishes before unmasking.
          if (
            message.direction === 'to-coordinator' &&
            kind === 'histogramShare' &&
            message.address === third!.address.toLowerCase() &&
            treeUpdates >= 1 &&
            !vanishedAfterMasking
          ) {
            vanishedAfterMasking = message.address;
            third!.stop();
            network.disconnect(message.address);
            return message.raw;
          }
          // Tree 2: the fourth party is asked (the others mask with it) but never answers.
          if (
            message.direction === 'to-node' &&
            kind === 'aggregate' &&
            message.address === fourth!.address.toLowerCase() &&
            treeUpdates >= 2 &&
            !droppedBeforeSending
          ) {
            droppedBeforeSending = message.address;
            fourth!.stop();
            network.disconnect(message.address);
            return undefined;
          }
          return message.raw;
        });
      },
    });
    assert.equal(report.status, 'completed', report.reason ?? '');
    assert.ok(vanishedAfterMasking && droppedBeforeSending);
    const statusOf = (address: string) => report.parties.find((party) => party.address === address)?.status;
    assert.equal(statusOf(vanishedAfterMasking), 'dropped');
    assert.equal(statusOf(droppedBeforeSending), 'dropped');
    assert.equal(report.parties.filter((party) => party.status === 'trained').length, 3);
    assert.ok(report.restarts >= 1, 'the tree that lost a party starts over');
    assert.equal(report.model!.trees.length, 4);
    assert.ok(report.metrics.validation!.rocAuc > 0.95);
  });
});
