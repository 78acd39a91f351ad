import { ValidationError } from '../errors/BaseError.js';
import { iso4217Currencies } from './iso4217Currencies.js';

/**
 * The minor-unit exponent of an ISO 4217 currency: EUR 2, JPY 0, BHD 3. Refuses unknown codes.
 * @example currencyMinorUnits('BHD') // 3
 */
export function currencyMinorUnits(currency: string, field = 'currency'): number {
  const info = Object.hasOwn(iso4217Currencies, currency) ? iso4217Currencies[currency] : undefined;
  if (!info)
    throw new ValidationError(`"${currency}" is not an ISO 4217 currency code`, {
      field,
      details: 'Use an active three-letter code in upper case, such as EUR, USD or JPY.',
    });
  return info.minorUnits;
}
