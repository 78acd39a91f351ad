export type Prng = {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number;
  /** A uniform integer in [0, bound), bound ≤ 2^32, without modulo bias. */
  nextInt(bound: number): number;
};

/**
 * A seeded pseudo-random generator (xoshiro128**, state filled by splitmix32) so that training, sampling and splits
 * repeat exactly for a seed on every platform; `Math.random` is never used by the model.
 * @example const prng = createPrng(42); prng.nextInt(10)
 */
export function createPrng(seed: number): Prng {
  let mix = seed >>> 0;
  const splitmix32 = () => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3 >>> 0, 11);
    s0 >>>= 0;
    s1 >>>= 0;
    s2 >>>= 0;
    return result;
  };

  return {
    nextUint32,
    nextFloat: () => nextUint32() / 4294967296,
    nextInt(bound: number) {
      if (!(bound > 0) || bound > 4294967296 || !Number.isInteger(bound))
        throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${bound}`);
      // Rejection sampling: drop the top partial range so every value is equally likely.
      const limit = 4294967296 - (4294967296 % bound);
      for (;;) {
        const value = nextUint32();
        if (value < limit) return value % bound;
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
