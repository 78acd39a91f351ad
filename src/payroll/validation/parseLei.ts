import { ValidationError } from '../../errors/BaseError.js';
import { mod97 } from './mod97.js';

/**
 * Checks a Legal Entity Identifier (ISO 17442): 18 letters or digits then 2 check digits, with the whole code's
 * ISO 7064 MOD 97-10 remainder equal to 1. Returns it in upper case.
 * @example parseLei('5493001KJTIIGC8Y1R12')
 */
export function parseLei(text: string, field = 'lei'): string {
  const lei = text.trim().toUpperCase();
  if (!/^[A-Z0-9]{18}\d{2}$/.test(lei))
    throw new ValidationError('an LEI has 20 characters: 18 letters or digits, then 2 check digits', { field });
  if (mod97(lei) !== 1) throw new ValidationError('check digits do not match', { field });
  return lei;
}
