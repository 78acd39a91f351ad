import { ValidationError } from '../../errors/BaseError.js';
import { isCountryCode } from '../../money/isCountryCode.js';

/**
 * Checks an ISO 3166-1 alpha-2 country code; lower case is accepted and upper-cased.
 * @example parseCountryCode('de') // 'DE'
 */
export function parseCountryCode(text: string, field = 'country'): string {
  const code = text.trim().toUpperCase();
  if (!isCountryCode(code))
    throw new ValidationError(`"${text.trim()}" is not an ISO 3166-1 alpha-2 country code`, {
      field,
      details: code === 'UK' ? 'The United Kingdom is GB.' : 'Use two letters, such as DE, FR or EE.',
    });
  return code;
}
