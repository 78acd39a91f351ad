import { ValidationError } from '../errors/BaseError.js';

/** An exact positive rate `numerator / denominator`, e.g. an FX quote or a contribution rate. */
export type Rate = { numerator: bigint; denominator: bigint };

/**
 * Reads a rate written as a plain positive decimal ("1.0834", "0.093") or passes a fraction through after checking
 * it. No float ever holds the rate: "0.1" is exactly 1/10.
 * @example parseRate('1.0834') // { numerator: 10834n, denominator: 10000n }
 */
export function parseRate(rate: Rate | string, field = 'rate'): Rate {
  if (typeof rate !== 'string') {
    if (rate.denominator <= 0n) throw new ValidationError('A rate needs a positive denominator', { field });
    if (rate.numerator < 0n) throw new ValidationError('A rate cannot be negative', { field });
    return rate;
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match)
    throw new ValidationError(`"${rate}" is not a plain decimal rate`, {
      field,
      details: 'Write digits with at most one dot and no sign or exponent: 1.0834.',
    });
  const fraction = match[2] ?? '';
  return { numerator: BigInt((match[1] ?? '0') + fraction), denominator: 10n ** BigInt(fraction.length) };
}
