import { ValidationError } from '../../errors/BaseError.js';
import { isCountryCode } from '../../money/isCountryCode.js';

// ISO 9362 as the pain.001.001.03 schema has it: institution (4 letters), country (2 letters), location (2; the
// second not 'O', which marks test BICs), optional branch (3).
const bicShape = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/**
 * Checks a BIC (ISO 9362): 8 or 11 characters in the shape above with a real ISO 3166 country (or XK, which SWIFT
 * uses for Kosovo). Returns it in upper case.
 * @example parseBic('deutdeff') // 'DEUTDEFF'
 */
export function parseBic(text: string, field = 'bic'): string {
  const bic = text.trim().toUpperCase();
  if (bic === '') throw new ValidationError('is empty', { field });
  if (bic.length !== 8 && bic.length !== 11)
    throw new ValidationError(`a BIC has 8 or 11 characters, this one has ${bic.length}`, { field });
  if (!bicShape.test(bic))
    throw new ValidationError('is not a BIC: 4 letters (bank), 2 (country), 2 (location), 3 optional (branch)', {
      field,
    });
  const country = bic.slice(4, 6);
  if (!isCountryCode(country) && country !== 'XK')
    throw new ValidationError(`"${country}" in the BIC is not an ISO 3166 country code`, { field });
  return bic;
}
