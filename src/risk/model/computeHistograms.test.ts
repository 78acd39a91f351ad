import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBinEdges } from './computeBinEdges.js';
import { computeHistograms } from './computeHistograms.js';
import { createBinnedMatrix } from './createBinnedMatrix.js';
import { createPrng } from './createPrng.js';
import { createHistogramLayout } from './HistogramLayout.js';
import { subtractHistograms } from './subtractHistograms.js';

function fixture(rowCount: number, featureCount: number) {
  const prng = createPrng(11);
  const columns = Array.from({ length: featureCount }, (_, f) =>
    Float64Array.from({ length: rowCount }, () =>
      prng.nextFloat() < 0.1 ? Number.NaN : Math.floor(prng.nextFloat() * (f === 0 ? 3 : 400)),
    ),
  );
  const matrix = createBinnedMatrix(
    { rowCount, columns },
    columns.map((c) => computeBinEdges(c, 256)),
  );
  const layout = createHistogramLayout(matrix.binCounts);
  // Multiples of 2⁻¹⁰ add exactly in any order, so "identical" can mean bit-identical.
  const gradients = Float64Array.from({ length: rowCount }, () => (prng.nextInt(2048) - 1024) / 1024);
  const hessians = Float64Array.from({ length: rowCount }, () => (prng.nextInt(1024) + 1) / 1024);
  return { matrix, layout, gradients, hessians, prng };
}

describe('computeHistograms', () => {
  it('sums gradients and hessians per bin like a direct count', () => {
    const { matrix, layout, gradients, hessians } = fixture(1000, 4);
    const rows = Uint32Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 3 !== 0);
    const histogram = computeHistograms(matrix, layout, gradients, hessians, rows, [0, 1, 2, 3]);
    const expected = new Float64Array(2 * layout.totalBins);
    for (const row of rows)
      for (let f = 0; f < 4; f++) {
        const slot = 2 * (layout.offsets[f]! + matrix.bins[f * matrix.rowCount + row]!);
        expected[slot]! += gradients[row]!;
        expected[slot + 1]! += hessians[row]!;
      }
    assert.deepEqual(histogram, expected);
  });

  it('gives the sibling the same histogram by subtraction as by a direct pass (the subtraction trick)', () => {
    const { matrix, layout, gradients, hessians, prng } = fixture(5000, 3);
    const features = [0, 1, 2];
    const all = Uint32Array.from({ length: 5000 }, (_, i) => i);
    const left = all.filter(() => prng.nextFloat() < 0.3);
    const inLeft = new Set(left);
    const right = all.filter((row) => !inLeft.has(row));
    const parent = computeHistograms(matrix, layout, gradients, hessians, all, features);
    const leftDirect = computeHistograms(matrix, layout, gradients, hessians, left, features);
    const rightDirect = computeHistograms(matrix, layout, gradients, hessians, right, features);
    assert.deepEqual(subtractHistograms(parent, leftDirect), rightDirect);
    assert.deepEqual(subtractHistograms(parent, rightDirect), leftDirect);
  });

  it('leaves features outside the sample at zero and reuses an output buffer', () => {
    const { matrix, layout, gradients, hessians } = fixture(300, 3);
    const rows = Uint32Array.from({ length: 300 }, (_, i) => i);
    const out = new Float64Array(2 * layout.totalBins).fill(7);
    computeHistograms(matrix, layout, gradients, hessians, rows, [1], out);
    for (const f of [0, 2]) {
      const start = 2 * layout.offsets[f]!;
      for (let s = start; s < start + 2 * layout.binCounts[f]!; s++) assert.equal(out[s], 0);
    }
  });
});
