import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBinEdges } from './computeBinEdges.js';
import { binIndex } from './createBinnedMatrix.js';
import { createPrng } from './createPrng.js';

describe('computeBinEdges', () => {
  it('gives each of few distinct values its own bin, edges halfway between them, ignoring missing values', () => {
    const edges = computeBinEdges(Float64Array.of(5, 0, 0, 1, Number.NaN, 5), 256);
    assert.deepEqual([...edges], [0.5, 3]);
    assert.deepEqual(
      [0, 1, 5, Number.NaN, 2, 99, -1].map((v) => binIndex(edges, v)),
      [1, 2, 3, 0, 2, 3, 1],
    );
  });

  it('caps value bins at maxBins − 1 and keeps a heavy value in a bin of its own', () => {
    const prng = createPrng(3);
    const values = Float64Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? 0 : prng.nextFloat() * 1000));
    const edges = computeBinEdges(values, 256);
    assert.ok(edges.length <= 254 && edges.length >= 200, `got ${edges.length} edges`);
    for (let i = 1; i < edges.length; i++) assert.ok(edges[i]! > edges[i - 1]!);
    // Half the rows are 0: the first bin holds exactly them.
    assert.ok(edges[0]! > 0 && edges[0]! < Math.min(...values.filter((v) => v > 0)));
    const counts = new Map<number, number>();
    for (const value of values) counts.set(binIndex(edges, value), (counts.get(binIndex(edges, value)) ?? 0) + 1);
    assert.equal(counts.get(1), 10_000);
    // The other bins share the rest roughly equally.
    const others = [...counts.entries()].filter(([bin]) => bin > 1).map(([, count]) => count);
    assert.ok(Math.max(...others) < 3 * (10_000 / others.length));
  });

  it('bins so that bin ≤ t exactly when value ≤ edges[t − 1]', () => {
    const prng = createPrng(9);
    const values = Float64Array.from({ length: 3000 }, () => Math.round(prng.nextFloat() * 500) / 7);
    const edges = computeBinEdges(values, 32);
    for (const value of values)
      for (let t = 1; t <= edges.length; t++) assert.equal(binIndex(edges, value) <= t, value <= edges[t - 1]!);
  });

  it('returns no edges for a column that is all missing or constant', () => {
    assert.equal(computeBinEdges(Float64Array.of(Number.NaN, Number.NaN)).length, 0);
    assert.equal(computeBinEdges(Float64Array.of(2, 2, 2)).length, 0);
  });
});
