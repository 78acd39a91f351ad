import { ValidationError } from '../errors/BaseError.js';
import { currencyMinorUnits } from './currencyMinorUnits.js';

export type AmountScale = string | { decimals: number };

export type ParseDecimalAmountOptions = {
  /** Named in the error (`gross_monthly`, `amount`). */
  field?: string | undefined;
};

const plainDecimal = /^(\d+)(?:\.(\d+))?$/;

/**
 * Reads a plain decimal amount ("1234.56") as integer minor units of an ISO 4217 currency, or of a token when given
 * `{ decimals }`. Refuses, with a ValidationError naming the field: signs, exponents, thousands separators, decimal
 * commas, spaces, a missing whole or fraction part, and more decimals than the currency has (a third decimal on EUR is
 * a typo, never rounded away). Amounts are never negative here: refunds and corrections say so explicitly elsewhere.
 * @example parseDecimalAmount('1234.56', 'EUR') // 123456n
 * @example parseDecimalAmount('1.5', { decimals: 6 }) // 1500000n
 */
export function parseDecimalAmount(text: string, scale: AmountScale, options: ParseDecimalAmountOptions = {}): bigint {
  const field = options.field ?? 'amount';
  const decimals = typeof scale === 'string' ? currencyMinorUnits(scale, 'currency') : scale.decimals;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77)
    throw new RangeError(`decimals must be a whole number from 0 to 77, not ${decimals}`);
  const unit = typeof scale === 'string' ? scale : `${decimals}-decimal token`;
  const match = plainDecimal.exec(text);
  if (!match)
    throw new ValidationError(`"${text}" is not a plain decimal amount`, {
      field,
      details: describeProblem(text),
    });
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals)
    throw new ValidationError(
      decimals === 0
        ? `${unit} has no decimals; "${text}" has ${fraction.length}`
        : `${unit} has ${decimals} decimals at most; "${text}" has ${fraction.length}`,
      { field },
    );
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

function describeProblem(text: string): string {
  if (text.trim() === '') return 'The amount is empty.';
  if (text !== text.trim()) return 'Remove the spaces around the amount.';
  if (/^[+-]/.test(text)) return 'Write the amount without a sign.';
  if (/e/i.test(text)) return 'Write the amount without an exponent: 1500, not 1.5e3.';
  if (text.includes(',')) return 'Use a dot for decimals and no thousands separator: 1234.56.';
  if (/\s|'|_/.test(text)) return 'Write the amount without spaces or separators: 1234.56.';
  if (/^\.|\.$/.test(text)) return 'Write digits on both sides of the dot: 0.50, 12.00.';
  return 'Write digits with at most one dot: 1234.56.';
}
