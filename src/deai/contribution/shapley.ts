import { createPrng } from '../../risk/model/createPrng.js';

/** How Shapley values are computed: exactly over every coalition for few players, else by permutation sampling. */
export type ShapleyOptions = {
  /** Permutations sampled (each with its reverse, to cancel order effects) when there are too many players. */
  permutations: number;
  seed: number;
  /** Up to this many players every coalition is evaluated and the values are exact. */
  exactUpTo: number;
};

export const defaultShapleyOptions: ShapleyOptions = { permutations: 32, seed: 0, exactUpTo: 6 };

/** A coalition's key: its player indices ascending, joined by '.'; '' for the empty coalition. */
export function coalitionKey(members: readonly number[]): string {
  return [...members].sort((a, b) => a - b).join('.');
}

/** The non-empty coalitions shapleyValues will ask the utility of, so their models can be trained first. */
export function planCoalitions(playerCount: number, options: ShapleyOptions): number[][] {
  const seen = new Map<string, number[]>();
  walk(playerCount, options, (members) => {
    if (members.length > 0)
      seen.set(
        coalitionKey(members),
        [...members].sort((a, b) => a - b),
      );
    return 0;
  });
  return [...seen.values()];
}

/**
 * Each player's Shapley value of a cooperative game: the average, over orders in which players join, of what the
 * player adds to the utility of those before it. Exact (all 2^n coalitions, weighted |S|!(n−|S|−1)!/n!) up to
 * `exactUpTo` players, otherwise estimated from `permutations` seeded random orders and their reverses. Utilities
 * are asked once per coalition. Deterministic: two machines with the same utilities get the same values.
 * @example shapleyValues(3, (members) => auc(modelOf(members)) - 0.5, defaultShapleyOptions).values
 */
export function shapleyValues(
  playerCount: number,
  utility: (members: number[]) => number,
  options: ShapleyOptions = defaultShapleyOptions,
): { values: number[]; exact: boolean; evaluated: number } {
  const cache = new Map<string, number>();
  const value = (members: number[]) => {
    const key = coalitionKey(members);
    let cached = cache.get(key);
    if (cached === undefined) {
      cached = members.length === 0 ? 0 : utility([...members].sort((a, b) => a - b));
      cache.set(key, cached);
    }
    return cached;
  };
  const values = walk(playerCount, options, value);
  return { values, exact: playerCount <= options.exactUpTo, evaluated: cache.size };
}

function walk(playerCount: number, options: ShapleyOptions, value: (members: number[]) => number): number[] {
  const values = new Array<number>(playerCount).fill(0);
  if (playerCount <= options.exactUpTo) {
    const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
    for (let mask = 0; mask < 1 << playerCount; mask++) {
      const members: number[] = [];
      for (let i = 0; i < playerCount; i++) if (mask & (1 << i)) members.push(i);
      const size = members.length;
      const weight = (factorial(size) * factorial(playerCount - size - 1)) / factorial(playerCount);
      const base = value(members);
      for (let i = 0; i < playerCount; i++)
        if (!(mask & (1 << i))) values[i]! += weight * (value([...members, i]) - base);
    }
    return values;
  }
  const prng = createPrng(options.seed);
  let orders = 0;
  for (let p = 0; p < options.permutations; p++) {
    const order = Array.from({ length: playerCount }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = prng.nextInt(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const sequence of [order, [...order].reverse()]) {
      const before: number[] = [];
      let previous = value(before);
      for (const player of sequence) {
        before.push(player);
        const next = value(before);
        values[player]! += next - previous;
        previous = next;
      }
      orders++;
    }
  }
  return values.map((sum) => sum / orders);
}
