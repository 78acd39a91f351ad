import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMinorUnits } from './formatMinorUnits.js';

test('minor units become exact decimal amounts, whatever the size', () => {
  assert.equal(formatMinorUnits(123456n, 2), '1234.56');
  assert.equal(formatMinorUnits(5n, 2), '0.05');
  assert.equal(formatMinorUnits(0n, 2), '0.00');
  assert.equal(formatMinorUnits(-1n, 2), '-0.01');
  assert.equal(formatMinorUnits(-123456n, 2), '-1234.56');
  assert.equal(formatMinorUnits(42n, 0), '42');
  assert.equal(formatMinorUnits(1n, 18), '0.000000000000000001');
  // Far past what a float holds exactly.
  assert.equal(formatMinorUnits(123_456_789_012_345_678_901_234_567n, 18), '123456789.012345678901234567');
  assert.equal(formatMinorUnits(99_999_999_999n, 2), '999999999.99');
});

test('thousands grouping and trimmed decimals are for people', () => {
  assert.equal(formatMinorUnits(123456789n, 2, { groupThousands: true }), '1,234,567.89');
  assert.equal(formatMinorUnits(-100000n, 2, { groupThousands: true }), '-1,000.00');
  assert.equal(formatMinorUnits(1_500_000_000_000_000_000n, 18, { minimumFractionDigits: 2 }), '1.50');
  assert.equal(formatMinorUnits(1_061_446_633n, 6, { groupThousands: true, minimumFractionDigits: 2 }), '1,061.446633');
  assert.equal(formatMinorUnits(7_000_000n, 6, { minimumFractionDigits: 0 }), '7');
});

test('a decimals count that is no whole number from 0 to 77 is refused', () => {
  assert.throws(() => formatMinorUnits(1n, -1), RangeError);
  assert.throws(() => formatMinorUnits(1n, 2.5), RangeError);
});
