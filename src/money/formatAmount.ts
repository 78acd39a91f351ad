import { currencyMinorUnits } from './currencyMinorUnits.js';
import type { AmountScale } from './parseDecimalAmount.js';

export type FormatAmountOptions = {
  /** Separate thousands with ',' (for people). Off by default, so the text reads back with parseDecimalAmount. */
  grouping?: boolean | undefined;
  /** Append the currency code: "1,234.56 EUR". */
  withCode?: boolean | undefined;
};

/**
 * Writes integer minor units as an exact decimal amount with all the currency's decimals; the inverse of
 * parseDecimalAmount.
 * @example formatAmount(123456n, 'EUR') // '1234.56'
 * @example formatAmount(123456n, 'JPY', { grouping: true, withCode: true }) // '123,456 JPY'
 */
export function formatAmount(minor: bigint, scale: AmountScale, options: FormatAmountOptions = {}): string {
  const decimals = typeof scale === 'string' ? currencyMinorUnits(scale) : scale.decimals;
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  let whole = digits.slice(0, digits.length - decimals);
  if (options.grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  const code = options.withCode && typeof scale === 'string' ? ` ${scale}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}${code}`;
}
