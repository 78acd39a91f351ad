import { divideRounded, type RoundingMode } from './divideRounded.js';
import { parseRate, type Rate } from './parseRate.js';

export type ApplyRateOptions = {
  /** Default `half-even`: conversions at a rate carry no rounding bias over many payouts. */
  rounding?: RoundingMode | undefined;
  /** Decimals of `minor` and of the result, when they differ (EUR cents → USDC at 6 decimals). Default: same. */
  fromDecimals?: number | undefined;
  toDecimals?: number | undefined;
};

/**
 * `minor × rate`, rounded once, in exact integer arithmetic.
 * @example applyRate(123456n, '1.0834') // 133752n (1234.56 × 1.0834 = 1337.522304 → 1337.52)
 * @example applyRate(100000n, '1.08', { fromDecimals: 2, toDecimals: 6 }) // 1080000000n (1000.00 EUR → 1080 USDC)
 */
export function applyRate(minor: bigint, rate: Rate | string, options: ApplyRateOptions = {}): bigint {
  const { numerator, denominator } = parseRate(rate);
  const from = options.fromDecimals ?? 0;
  const to = options.toDecimals ?? from;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0)
    throw new RangeError('fromDecimals and toDecimals must be whole numbers ≥ 0');
  const scaleUp = to > from ? 10n ** BigInt(to - from) : 1n;
  const scaleDown = from > to ? 10n ** BigInt(from - to) : 1n;
  return divideRounded(minor * numerator * scaleUp, denominator * scaleDown, options.rounding ?? 'half-even');
}
