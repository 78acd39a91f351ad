import { randomBytes } from 'node:crypto';

/**
 * A standard normal sampler on cryptographic randomness (Box–Muller on 53-bit uniforms): DP noise must not come
 * from Math.random, whose state an observer could reconstruct. Floating-point DP subtleties (Mironov 2012) are
 * out of scope; the fixed-point grid the noise is rounded to is 2^-24, far below any σ used.
 * @example const gaussian = createGaussianSampler(); const noise = sigma * gaussian()
 */
export function createGaussianSampler(random: (bytes: number) => Uint8Array = randomBytes): () => number {
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  let spare: number | undefined;
  const uniform = () => {
    if (offset + 8 > pool.length) {
      pool = random(8 * 1024);
      offset = 0;
    }
    const view = new DataView(pool.buffer, pool.byteOffset + offset, 8);
    offset += 8;
    // 53 random bits → (0, 1]: never 0, so the logarithm is finite.
    return ((view.getUint32(0) >>> 5) * 67108864 + (view.getUint32(4) >>> 6) + 1) / 9007199254740992;
  };
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/** Adds N(0, sigma²) to every entry of `values` in place. */
export function addGaussianNoise(
  values: Float64Array,
  sigma: number,
  gaussian = createGaussianSampler(),
): Float64Array {
  if (sigma <= 0) return values;
  for (let i = 0; i < values.length; i++) values[i]! += sigma * gaussian();
  return values;
}
