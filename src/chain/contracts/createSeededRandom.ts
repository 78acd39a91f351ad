/** A seeded pseudo-random source (mulberry32) for fuzz tests: a failing seed replays the same inputs. */
export type SeededRandom = {
  /** An integer in [0, max). */
  int(max: number): number;
  /** A bigint in [0, max), uniform enough for fuzzing (built from 32-bit draws). */
  bigint(max: bigint): bigint;
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
};

/**
 * @example const random = createSeededRandom(Number(process.env.FUZZ_SEED ?? 1))
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const random: SeededRandom = {
    int: (max) => Math.floor(next() * max),
    bigint(max) {
      if (max <= 0n) return 0n;
      let value = 0n;
      for (let bits = 0n; 1n << bits < max * 2n ** 32n && bits < 512n; bits += 32n)
        value = (value << 32n) | BigInt(Math.floor(next() * 2 ** 32));
      return value % max;
    },
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
  return random;
}
