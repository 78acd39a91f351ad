import { ValidationError } from '../../errors/BaseError.js';
import { ibanLengths } from './ibanLengths.js';
import { mod97 } from './mod97.js';

/**
 * Checks an IBAN (ISO 13616) and returns its electronic form (no spaces, upper case): a country that issues IBANs,
 * that country's length, letters and digits only, and check digits that match (mod 97 = 1). Spaces between groups
 * are tolerated on input. The reason in the ValidationError is short enough for one line of an import report.
 * @example parseIban('DE89 3704 0044 0532 0130 00') // 'DE89370400440532013000'
 */
export function parseIban(text: string, field = 'iban'): string {
  const iban = text.replace(/ /g, '').toUpperCase();
  const fail: (reason: string, details?: string) => never = (reason, details) => {
    throw new ValidationError(reason, { field, details });
  };
  if (iban === '') fail('is empty');
  if (!/^[A-Z0-9]+$/.test(iban)) fail('may hold only letters, digits and spaces');
  const country = iban.slice(0, 2);
  const length = /^[A-Z]{2}$/.test(country) ? ibanLengths[country] : undefined;
  if (length === undefined) fail(`"${country}" is not a country that issues IBANs`);
  if (!/^\d\d$/.test(iban.slice(2, 4))) fail('the third and fourth characters must be check digits');
  if (iban.length !== length) fail(`a ${country} IBAN has ${length} characters, this one has ${iban.length}`);
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1)
    fail('check digits do not match', 'A character is probably mistyped or two are swapped.');
  return iban;
}
