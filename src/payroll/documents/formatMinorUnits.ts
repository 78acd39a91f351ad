export type FormatMinorUnitsOptions = {
  /** Separate thousands with ',' (for people; leave off for files a program reads). */
  groupThousands?: boolean | undefined;
  /** Drop trailing zero decimals down to this many (token amounts with 18 decimals); all decimals by default. */
  minimumFractionDigits?: number | undefined;
};

/**
 * Formats integer minor units as an exact decimal amount, with no float on the way.
 * @example formatMinorUnits(123456n, 2) // '1234.56'
 * @example formatMinorUnits(1_500_000_000_000_000_000n, 18, { minimumFractionDigits: 2 }) // '1.50'
 */
export function formatMinorUnits(amount: bigint, decimals: number, options: FormatMinorUnitsOptions = {}): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77)
    throw new RangeError(`decimals must be a whole number from 0 to 77, not ${decimals}.`);
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(decimals + 1, '0');
  let whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals);
  if (options.minimumFractionDigits !== undefined) {
    let end = fraction.length;
    while (end > options.minimumFractionDigits && fraction[end - 1] === '0') end--;
    fraction = fraction.slice(0, end);
  }
  if (options.groupThousands) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
