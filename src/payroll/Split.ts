/** One asset's share of an employee's net pay: `EUR` (the bank account) or a crypto symbol, and a percentage. */
export type SplitShare = {
  asset: string;
  /** Decimal percentage as written, normalised ("60", "33.3333"); at most 4 decimals. */
  percent: string;
};

/** How an employee's net pay is divided; the percentages add up to exactly 100. */
export type Split = SplitShare[];

/** 100 % in the integer unit splits are computed in: a millionth (4 decimals of a percent). */
export const splitWhole = 1_000_000n;

/**
 * A share's percentage in millionths of the whole, exactly.
 * @example percentToMillionths('33.3333') // 333333n
 */
export function percentToMillionths(percent: string): bigint {
  const [whole = '0', fraction = ''] = percent.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0') || '0');
}

/** The split as one line of text, the CSV column's form: `EUR:60,USDC:40`. */
export function formatSplit(split: Split): string {
  return split.map((share) => `${share.asset}:${share.percent}`).join(',');
}
