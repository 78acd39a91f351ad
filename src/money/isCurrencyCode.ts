import { iso4217Currencies } from './iso4217Currencies.js';

/**
 * Whether `code` is an active ISO 4217 currency code (upper case, as ISO writes it).
 * @example isCurrencyCode('EUR') // true
 */
export function isCurrencyCode(code: string): boolean {
  return Object.hasOwn(iso4217Currencies, code);
}
