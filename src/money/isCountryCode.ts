import { iso3166Countries } from './iso3166Countries.js';

/**
 * Whether `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case).
 * @example isCountryCode('DE') // true
 */
export function isCountryCode(code: string): boolean {
  return Object.hasOwn(iso3166Countries, code);
}
