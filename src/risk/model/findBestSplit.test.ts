import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findBestSplit } from './findBestSplit.js';
import { createHistogramLayout } from './HistogramLayout.js';

// One feature, bins: 0 = missing, 1…3 = values. Each entry is [gradient sum, hessian sum].
function histogramOf(bins: [number, number][]) {
  const layout = createHistogramLayout([bins.length]);
  const histogram = Float64Array.from(bins.flat());
  const totals = bins.reduce((t, [g, h]) => ({ gradient: t.gradient + g, hessian: t.hessian + h }), {
    gradient: 0,
    hessian: 0,
  });
  return { layout, histogram, totals };
}
const rules = { lambda: 1, gamma: 0, minChildWeight: 1 };

describe('findBestSplit', () => {
  it('sends missing values to the side whose rows they resemble', () => {
    // Bin 1 rows are positive (negative gradients), bins 2–3 negative; missing rows are positive too.
    const { layout, histogram, totals } = histogramOf([
      [-5, 5],
      [-10, 10],
      [8, 8],
      [9, 9],
    ]);
    const split = findBestSplit(histogram, layout, totals, [0], rules);
    assert.ok(split);
    assert.equal(split.bin, 1);
    assert.equal(split.defaultLeft, true);
    assert.deepEqual(split.left, { gradient: -15, hessian: 15 });
    // The same values with missing rows like bins 2–3 send them right.
    const flipped = histogramOf([
      [5, 5],
      [-10, 10],
      [8, 8],
      [9, 9],
    ]);
    const other = findBestSplit(flipped.histogram, flipped.layout, flipped.totals, [0], rules);
    assert.equal(other?.bin, 1);
    assert.equal(other?.defaultLeft, false);
  });

  it('can split present from missing values', () => {
    const { layout, histogram, totals } = histogramOf([
      [-10, 10],
      [4, 4],
      [4, 4],
      [4, 4],
    ]);
    const split = findBestSplit(histogram, layout, totals, [0], rules);
    assert.equal(split?.bin, 3);
    assert.equal(split?.defaultLeft, false);
  });

  it('gives the gain XGBoost does and refuses splits below gamma or min child weight', () => {
    const { layout, histogram, totals } = histogramOf([
      [0, 0],
      [-3, 2],
      [3, 2],
    ]);
    const split = findBestSplit(histogram, layout, totals, [0], rules);
    // 9/3 + 9/3 − 0/5
    assert.equal(split?.gain, 6);
    assert.equal(findBestSplit(histogram, layout, totals, [0], { ...rules, gamma: 6 }), undefined);
    assert.equal(findBestSplit(histogram, layout, totals, [0], { ...rules, minChildWeight: 2.5 }), undefined);
    assert.equal(findBestSplit(histogram, layout, totals, [], rules), undefined);
  });
});
