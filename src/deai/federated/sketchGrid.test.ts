import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBinEdges } from '../../risk/model/computeBinEdges.js';
import { binIndex } from '../../risk/model/createBinnedMatrix.js';
import { loadFraudFile } from '../fixtures/fraudSample.js';
import { edgesFromSketch } from './edgesFromSketch.js';
import { defaultSketchGrid, sketchBoundaries, sketchBucket } from './sketchGrid.js';

const boundaries = sketchBoundaries(defaultSketchGrid);

function sketch(values: ArrayLike<number>): Float64Array {
  const counts = new Float64Array(boundaries.length + 1);
  for (let i = 0; i < values.length; i++) {
    const bucket = sketchBucket(boundaries, values[i] as number);
    if (bucket >= 0) counts[bucket]! += 1;
  }
  return counts;
}

describe('bin edges from a merged log-bucket sketch', () => {
  it('puts 0, small integers and negatives in buckets of their own, relative width under 4 %', () => {
    assert.ok(boundaries.every((b, i) => i === 0 || b > boundaries[i - 1]!));
    const buckets = [-3, -1, 0, 1, 2, 3, 10, 11].map((v) => sketchBucket(boundaries, v));
    assert.equal(new Set(buckets).size, buckets.length);
    assert.equal(sketchBucket(boundaries, Number.NaN), -1);
    for (let j = (boundaries.length + 1) / 2 + 1; j < boundaries.length; j += 97)
      assert.ok(boundaries[j]! / boundaries[j - 1]! < 1.04);
  });

  it('gives edges that bin the data like the exact quantile edges (merged from parties = sketch of the union)', () => {
    const dataset = loadFraudFile();
    let worst = 0;
    for (const column of dataset.columns) {
      if (column.kind !== 'numeric') continue;
      const values = column.values;
      const half = Math.floor(values.length / 2);
      const merged = sketch(values.subarray(0, half));
      const other = sketch(values.subarray(half));
      for (let j = 0; j < merged.length; j++) merged[j]! += other[j]!;
      assert.deepEqual(merged, sketch(values));
      const sketched = edgesFromSketch(merged, boundaries, 256);
      const exact = computeBinEdges(values, 256);
      assert.ok(sketched.length <= 254);
      // Largest share of rows in one bin, sketched vs exact: the sketch must not lump many rows together.
      const largestBin = (edges: ArrayLike<number>) => {
        const counts = new Map<number, number>();
        for (const value of values) {
          const bin = binIndex(edges, value);
          counts.set(bin, (counts.get(bin) ?? 0) + 1);
        }
        return Math.max(...counts.values()) / values.length;
      };
      worst = Math.max(worst, largestBin(sketched) - largestBin(exact));
    }
    assert.ok(worst < 0.02, `a sketched bin holds ${(100 * worst).toFixed(1)} % more rows than the exact one`);
  });

  it('ignores counts below the noise floor', () => {
    const counts = new Float64Array(boundaries.length + 1);
    counts[100] = 50;
    counts[200] = 0.3;
    counts[300] = 40;
    assert.deepEqual(edgesFromSketch(counts, boundaries, 256, 2), [boundaries[100]!]);
  });
});
