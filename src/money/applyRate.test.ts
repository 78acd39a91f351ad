import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRate } from './applyRate.js';
import { parseRate } from './parseRate.js';

test('applyRate multiplies exactly and rounds once (half-even by default)', () => {
  assert.equal(applyRate(123456n, '1.0834'), 133752n);
  assert.equal(applyRate(123456n, { numerator: 1n, denominator: 3n }), 41152n);
  // 0.125 → tie: half-even keeps 12, half-up goes to 13.
  assert.equal(applyRate(125n, '0.1'), 12n);
  assert.equal(applyRate(125n, '0.1', { rounding: 'half-up' }), 13n);
  assert.equal(applyRate(135n, '0.1'), 14n);
  // 1000.00 EUR at 1.08 USD per EUR into a 6-decimal token.
  assert.equal(applyRate(100000n, '1.08', { fromDecimals: 2, toDecimals: 6 }), 1_080_000_000n);
  // 1.080000 USDC back into cents.
  assert.equal(applyRate(1_080_000n, '1', { fromDecimals: 6, toDecimals: 2 }), 108n);
  // 18-decimal amounts stay exact far past 2^53.
  assert.equal(applyRate(10n ** 24n + 1n, '2'), 2n * 10n ** 24n + 2n);
});

test('parseRate keeps decimals exact and refuses what is not a plain rate', () => {
  assert.deepEqual(parseRate('0.1'), { numerator: 1n, denominator: 10n });
  assert.deepEqual(parseRate('42'), { numerator: 42n, denominator: 1n });
  for (const bad of ['-1', '1e-3', '1,5', '', '.5'])
    assert.throws(() => parseRate(bad, 'fxRate'), { name: 'ValidationError', field: 'fxRate' } as never);
  assert.throws(() => parseRate({ numerator: 1n, denominator: 0n }), /positive denominator/);
});
