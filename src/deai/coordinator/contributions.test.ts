import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPrng } from '../../risk/model/createPrng.js';
import type { FraudDataset } from '../../risk/model/loadFraudDataset.js';
import { runInProcessRound } from '../federated/runInProcessRound.js';
import { sliceDataset } from '../federated/sliceDataset.js';
import { fraudParties } from '../fixtures/fraudParties.js';
import { loadFraudFile } from '../fixtures/fraudSample.js';

/** Rows whose every column is shuffled on its own, with labels drawn at the base rate: no signal at all. */
function randomRows(rows: number[], seed: number): FraudDataset {
  const dataset = sliceDataset(loadFraudFile(), rows, 'random');
  const prng = createPrng(seed);
  const shuffle = <T>(values: T[]) => {
    for (let i = values.length - 1; i > 0; i--) {
      const j = prng.nextInt(i + 1);
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    return values;
  };
  for (const column of dataset.columns) {
    const shuffled = shuffle(Array.from(column.values as ArrayLike<number | string | null>));
    if (column.kind === 'numeric') column.values = Float64Array.from(shuffled as number[]);
    else column.values = shuffled as (string | null)[];
  }
  dataset.labels = Uint8Array.from(rows, () => (prng.nextFloat() < 0.22 ? 1 : 0));
  return dataset;
}

describe('contributions (Shapley values on the coordinator’s validation set)', () => {
  it('pays honest parties, gives Sybil copies and random data nothing, and flags flipped labels', async () => {
    const { parties, validation, unionRows } = fraudParties({ stride: 6, parties: 5 });
    const [honestA, honestB, honestC] = parties;
    const flipped = sliceDataset(
      loadFraudFile(),
      unionRows.filter((_, i) => i % 5 === 3),
      'flipped',
      true,
    );
    const random = randomRows(
      unionRows.filter((_, i) => i % 5 === 4),
      9,
    );
    const sybil = sliceDataset(
      loadFraudFile(),
      unionRows.filter((_, i) => i % 5 === 0),
      'sybil',
    );
    const { report, nodes } = await runInProcessRound({
      parties: [honestA!, honestB!, honestC!, sybil, flipped, random].map((dataset) => ({ dataset })),
      validation,
      settings: {
        params: { trees: 4, maxDepth: 3 },
        contribution: { enabled: true } as never,
      },
    });
    assert.equal(report.status, 'completed', report.reason ?? '');
    const [a, b, c, copy, flip, noise] = nodes.map((node) => node.address.toLowerCase());
    const contribution = (address: string) => report.contributions.find((entry) => entry.address === address)!;
    const status = (address: string) => report.parties.find((party) => party.address === address)!.status;

    // Whichever of the two identical datasets joined second is the copy; the first keeps its place.
    const [original, duplicate] = status(copy!) === 'duplicate' ? [a!, copy!] : [copy!, a!];
    assert.equal(status(duplicate), 'duplicate');
    assert.equal(contribution(duplicate).value, 0);
    assert.equal(contribution(duplicate).share, 0);
    assert.match(contribution(duplicate).reason, new RegExp(`duplicate of ${original}`));

    assert.equal(contribution(flip!).status, 'flagged');
    assert.equal(contribution(flip!).share, 0);
    assert.match(contribution(flip!).reason, /labels look flipped/);
    assert.equal(status(flip!), 'flagged');

    assert.equal(contribution(noise!).share, 0);
    assert.ok(Math.abs(contribution(noise!).value) < 0.02, `random data valued ${contribution(noise!).value}`);

    for (const honest of [original, b!, c!]) {
      assert.equal(contribution(honest).status, 'paid');
      assert.ok(contribution(honest).share > 0.2, `${honest} gets ${contribution(honest).share}`);
      assert.equal(status(honest), 'trained');
    }
    const shares = report.contributions.reduce((sum, entry) => sum + entry.share, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9);
    assert.ok(report.metrics.validation!.rocAuc > 0.95, 'the model trained without the flagged party is good');
  });
});
