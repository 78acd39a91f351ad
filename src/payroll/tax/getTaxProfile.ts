import { ValidationError } from '../../errors/BaseError.js';
import type { TaxProfile } from './TaxProfile.js';
import { taxProfiles } from './taxProfiles.js';

/**
 * The shipped tax profile with this id; refuses an unknown id with the list of known ones.
 * @example getTaxProfile('DE-example-2025').incomeTax.basicAllowance // 1336200n
 */
export function getTaxProfile(id: string, field = 'taxProfileId'): TaxProfile {
  const profile = taxProfiles.get(id);
  if (!profile)
    throw new ValidationError(`No tax profile "${id}"`, {
      field,
      details: `Known profiles: ${[...taxProfiles.keys()].join(', ')}.`,
    });
  return profile;
}
