import { ValidationError } from '../../errors/BaseError.js';
import { createPrng } from '../../risk/model/createPrng.js';

export type PartySpec = { share: number; fraudRate: number };

/** Five parties that differ a lot in size (40 % … 8 % of the rows) and in fraud rate (about 4 % … 55 %). */
export const skewedFiveParties: readonly PartySpec[] = [
  { share: 0.4, fraudRate: 0.05 },
  { share: 0.25, fraudRate: 0.5 },
  { share: 0.15, fraudRate: 0.15 },
  { share: 0.12, fraudRate: 0.6 },
  { share: 0.08, fraudRate: 0.3 },
];

/**
 * Splits `rows` among parties with skewed sizes and fraud rates: every row goes to exactly one party; a party's
 * fraud rows ∝ share · fraudRate and legitimate rows ∝ share · (1 − fraudRate), scaled to the rows available, so the
 * requested rates are reached as closely as the class totals allow. Deterministic for a seed.
 * @example const parts = partitionSkewed(labels, train, skewedFiveParties, 7)
 */
export function partitionSkewed(
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  parties: readonly PartySpec[],
  seed: number,
): Uint32Array[] {
  if (parties.length === 0) throw new ValidationError('at least one party is needed');
  const prng = createPrng(seed);
  const byClass = [0, 1].map((label) => {
    const members: number[] = [];
    for (let i = 0; i < rows.length; i++) if (labels[rows[i] as number] === label) members.push(rows[i] as number);
    for (let i = members.length - 1; i > 0; i--) {
      const j = prng.nextInt(i + 1);
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    return members;
  });
  const parts: number[][] = parties.map(() => []);
  for (const label of [0, 1]) {
    const members = byClass[label]!;
    const weights = parties.map(({ share, fraudRate }) => share * (label === 1 ? fraudRate : 1 - fraudRate));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    // Largest remainder: whole rows, summing exactly to the class total.
    const exact = weights.map((weight) => (weight / total) * members.length);
    const counts = exact.map(Math.floor);
    const order = exact.map((value, i) => [value - Math.floor(value), i] as const).sort((a, b) => b[0] - a[0]);
    for (let k = 0; counts.reduce((sum, c) => sum + c, 0) < members.length; k++) counts[order[k % order.length]![1]]!++;
    let offset = 0;
    for (const [party, count] of counts.entries()) {
      parts[party]!.push(...members.slice(offset, offset + count));
      offset += count;
    }
  }
  return parts.map((part) => Uint32Array.from(part).sort());
}
