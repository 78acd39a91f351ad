import { ValidationError } from '../../errors/BaseError.js';
import { isCurrencyCode } from '../../money/isCurrencyCode.js';

/**
 * Checks an active ISO 4217 currency code; lower case is accepted and upper-cased.
 * @example parseCurrencyCode('eur') // 'EUR'
 */
export function parseCurrencyCode(text: string, field = 'currency'): string {
  const code = text.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw new ValidationError(`"${text.trim()}" is not an ISO 4217 currency code`, { field });
  return code;
}
