import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addWords,
  decodeFixedPoint,
  encodeFixedPoint,
  fixedPointRowLimit,
  quantizeToGrid,
  subtractWords,
} from './fixedPoint.js';

describe('fixed point in Z_2^64', () => {
  it('round-trips values on the grid, negative ones as two’s complement', () => {
    const values = Float64Array.of(0, 1.5, -2, 2 ** -24, -(2 ** -24), 123456.75, -fixedPointRowLimit);
    assert.deepEqual(encodeFixedPoint(Float64Array.of(-1)), Uint32Array.of(0xff000000, 0xffffffff));
    assert.deepEqual(decodeFixedPoint(encodeFixedPoint(values)), values);
  });

  it('adds and subtracts mod 2^64 with carries, so masks wrap and cancel exactly', () => {
    const a = encodeFixedPoint(Float64Array.of(3.25, -7, 0.5));
    const b = encodeFixedPoint(Float64Array.of(-1.25, 2, 0.5));
    const wrap = Uint32Array.of(0xffffffff, 0xffffffff, 0x80000000, 0x7fffffff, 1, 0x80000000);
    const sum = addWords(addWords(a.slice(), b), wrap);
    subtractWords(sum, wrap);
    assert.deepEqual(decodeFixedPoint(sum), Float64Array.of(2, -5, 1));
  });

  it('gives exact sums of quantised gradients in any order (the no-overflow bound)', () => {
    // N·w at the limit: 2^28 rows of |g| ≤ 1 stay exact, because 2^28 · 2^24 < 2^53.
    const g = quantizeToGrid(0.123456789);
    assert.equal(g * 2 ** 24, Math.round(g * 2 ** 24));
    const big = Float64Array.of(fixedPointRowLimit * g, -fixedPointRowLimit);
    assert.deepEqual(decodeFixedPoint(encodeFixedPoint(big)), big);
  });

  it('refuses values outside the range instead of wrapping silently', () => {
    assert.throws(() => encodeFixedPoint(Float64Array.of(2 ** 30)), /outside the fixed-point range/);
    assert.throws(() => encodeFixedPoint(Float64Array.of(Number.NaN)), /outside the fixed-point range/);
    assert.throws(() => decodeFixedPoint(Uint32Array.of(0, 0x40000000)), /overflowed/);
  });
});
