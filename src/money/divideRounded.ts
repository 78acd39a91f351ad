/**
 * How a quotient that falls between two minor units is rounded.
 * - `half-even` (banker's rounding): ties go to the even neighbour, so many conversions carry no upward bias. Tandem
 *   uses it for currency conversion at a rate (`applyRate`).
 * - `half-up` (commercial rounding): ties go away from zero. Tandem uses it for tax and social contributions, as
 *   payroll offices do (see `calculatePay`).
 * - `down` / `up`: towards / away from zero.
 * - `floor` / `ceil`: towards −∞ / +∞.
 */
export type RoundingMode = 'half-even' | 'half-up' | 'down' | 'up' | 'floor' | 'ceil';

/**
 * `numerator / denominator` rounded to an integer, exactly, in bigint arithmetic.
 * @example divideRounded(5n, 2n, 'half-even') // 2n
 * @example divideRounded(5n, 2n, 'half-up') // 3n
 * @example divideRounded(-5n, 2n, 'half-up') // -3n
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const truncated = magnitude / denominator;
  const remainder = magnitude % denominator;
  if (remainder === 0n) return negative ? -truncated : truncated;
  // Decide on the magnitude, then put the sign back.
  let awayFromZero: boolean;
  switch (mode) {
    case 'down':
      awayFromZero = false;
      break;
    case 'up':
      awayFromZero = true;
      break;
    case 'floor':
      awayFromZero = negative;
      break;
    case 'ceil':
      awayFromZero = !negative;
      break;
    case 'half-up':
      awayFromZero = 2n * remainder >= denominator;
      break;
    case 'half-even': {
      const twice = 2n * remainder;
      awayFromZero = twice > denominator || (twice === denominator && truncated % 2n === 1n);
      break;
    }
  }
  const rounded = awayFromZero ? truncated + 1n : truncated;
  return negative ? -rounded : rounded;
}
