import assert from 'node:assert/strict';
import { test } from 'node:test';
import { divideRounded, type RoundingMode } from './divideRounded.js';

test('divideRounded rounds ties and signs as each mode documents', () => {
  const cases: [bigint, bigint, Record<RoundingMode, bigint>][] = [
    [5n, 2n, { 'half-even': 2n, 'half-up': 3n, down: 2n, up: 3n, floor: 2n, ceil: 3n }],
    [7n, 2n, { 'half-even': 4n, 'half-up': 4n, down: 3n, up: 4n, floor: 3n, ceil: 4n }],
    [-5n, 2n, { 'half-even': -2n, 'half-up': -3n, down: -2n, up: -3n, floor: -3n, ceil: -2n }],
    [5n, -2n, { 'half-even': -2n, 'half-up': -3n, down: -2n, up: -3n, floor: -3n, ceil: -2n }],
    [10n, 3n, { 'half-even': 3n, 'half-up': 3n, down: 3n, up: 4n, floor: 3n, ceil: 4n }],
    [11n, 3n, { 'half-even': 4n, 'half-up': 4n, down: 3n, up: 4n, floor: 3n, ceil: 4n }],
    [6n, 3n, { 'half-even': 2n, 'half-up': 2n, down: 2n, up: 2n, floor: 2n, ceil: 2n }],
  ];
  for (const [n, d, expected] of cases)
    for (const [mode, value] of Object.entries(expected))
      assert.equal(divideRounded(n, d, mode as RoundingMode), value, `${n}/${d} ${mode}`);
  assert.throws(() => divideRounded(1n, 0n, 'half-up'), RangeError);
});

test('divideRounded agrees with exact rational rounding on random inputs', () => {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; i < 2000; i++) {
    const n = BigInt(next() - 1073741824);
    const d = BigInt((next() % 1000) + 1);
    const q = divideRounded(n, d, 'half-up');
    // |n/d − q| ≤ 1/2, and exactly 1/2 only away from zero.
    const diff = 2n * (n - q * d);
    assert.ok(diff <= d && diff >= -d, `${n}/${d} → ${q}`);
    if (diff === d || diff === -d) assert.ok(q * n >= 0n);
  }
});
