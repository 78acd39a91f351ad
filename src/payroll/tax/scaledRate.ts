/** The fixed scale tax and contribution rates are computed at: 10^8, so a rate has at most 8 decimals. */
export const rateScale = 100_000_000n;

/**
 * A profile's rate as an integer numerator over `rateScale`, or undefined when it is not a decimal in [0, 1] with at
 * most 8 decimals.
 * @example scaledRate('0.093') // 9300000n
 */
export function scaledRate(rate: string): bigint | undefined {
  const match = /^(0|1)(?:\.(\d{1,8}))?$/.exec(rate);
  if (!match) return undefined;
  const value = BigInt(match[1] ?? '0') * rateScale + BigInt((match[2] ?? '').padEnd(8, '0'));
  return value <= rateScale ? value : undefined;
}
