import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessContributions } from './assessContributions.js';
import { estimateJaccard, findDuplicates } from './findDuplicates.js';
import { planCoalitions, shapleyValues } from './shapley.js';

describe('Shapley values', () => {
  it('gives each player its own worth in an additive game, and symmetric players equal values', () => {
    const worth = [0.3, 0.1, 0, 0.2];
    const additive = shapleyValues(4, (members) => members.reduce((sum, i) => sum + worth[i]!, 0));
    assert.ok(additive.exact);
    for (const [i, value] of additive.values.entries()) assert.ok(Math.abs(value - worth[i]!) < 1e-12);
    // Players 0 and 1 hold the same data: a coalition with either is worth 0.5, with both still 0.5.
    const copies = shapleyValues(
      3,
      (members) => (members.includes(0) || members.includes(1) ? 0.5 : 0) + (members.includes(2) ? 0.2 : 0),
    );
    assert.ok(Math.abs(copies.values[0]! - copies.values[1]!) < 1e-12);
    assert.ok(Math.abs(copies.values[0]! + copies.values[1]! - 0.5) < 1e-12);
    assert.ok(Math.abs(copies.values[2]! - 0.2) < 1e-12);
  });

  it('estimates by permutation sampling when there are many players, asking only planned coalitions', () => {
    const worth = Array.from({ length: 9 }, (_, i) => (i + 1) / 100);
    const utility = (members: number[]) => Math.sqrt(members.reduce((sum, i) => sum + worth[i]!, 0));
    const options = { permutations: 200, seed: 3, exactUpTo: 6 };
    const planned = new Set(planCoalitions(9, options).map((members) => members.join('.')));
    const asked = new Set<string>();
    const sampled = shapleyValues(
      9,
      (members) => {
        asked.add(members.join('.'));
        return utility(members);
      },
      options,
    );
    assert.equal(sampled.exact, false);
    for (const key of asked) assert.ok(planned.has(key));
    // Efficiency holds exactly for permutation sampling; larger worth earns more.
    const total = sampled.values.reduce((sum, value) => sum + value, 0);
    assert.ok(Math.abs(total - utility(worth.map((_, i) => i))) < 1e-9);
    assert.ok(sampled.values[8]! > sampled.values[0]!);
    assert.deepEqual(shapleyValues(9, utility, options).values, sampled.values);
  });
});

describe('duplicates and assessments', () => {
  it('estimates overlap from bottom-k sketches and marks the later copy', () => {
    const hashes = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => (from + i).toString(16).padStart(16, '0')).sort();
    assert.equal(estimateJaccard(hashes(0, 100), hashes(0, 100)), 1);
    assert.ok(Math.abs(estimateJaccard(hashes(0, 100), hashes(50, 100)) - 50 / 150) < 0.01);
    const duplicates = findDuplicates([
      { address: 'a', bottomHashes: hashes(0, 300).slice(0, 256) },
      { address: 'b', bottomHashes: hashes(1000, 300).slice(0, 256) },
      { address: 'c', bottomHashes: hashes(0, 300).slice(0, 256) },
    ]);
    assert.deepEqual(duplicates, [{ address: 'c', of: 'a', jaccard: 1 }]);
  });

  it('pays by positive value, flags flipped labels and harm, gives noise and copies nothing', () => {
    const assessed = assessContributions({
      players: ['honest', 'small', 'flipped', 'noise', 'harm'],
      values: [0.2, 0.05, -0.2, 0.004, -0.05],
      aloneUtilities: [0.45, 0.3, -0.4, 0.01, 0.02],
      duplicates: [{ address: 'copy', of: 'honest', jaccard: 0.97 }],
    });
    const by = Object.fromEntries(assessed.map((entry) => [entry.address, entry]));
    assert.equal(by.honest!.share, 0.8);
    assert.ok(Math.abs(by.small!.share - 0.2) < 1e-12);
    assert.equal(by.flipped!.status, 'flagged');
    assert.match(by.flipped!.reason, /labels look flipped/);
    assert.equal(by.noise!.status, 'no-value');
    assert.equal(by.harm!.status, 'flagged');
    assert.equal(by.copy!.status, 'flagged');
    assert.equal(by.copy!.share, 0);
  });
});
