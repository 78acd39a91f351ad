import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPrng } from './createPrng.js';

describe('createPrng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, createPrng(seed).nextUint32);
    assert.deepEqual(draw(1), draw(1));
    assert.notDeepEqual(draw(1), draw(2));
  });

  it('draws floats in [0, 1) and unbiased integers below a bound', () => {
    const prng = createPrng(123);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const f = prng.nextFloat();
      assert.ok(f >= 0 && f < 1);
      counts[prng.nextInt(6)]++;
    }
    for (const count of counts) assert.ok(Math.abs(count - 10_000) < 400, `counts ${counts}`);
    assert.throws(() => prng.nextInt(0), RangeError);
  });
});
