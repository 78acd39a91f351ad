import { checkTaxProfile } from './checkTaxProfile.js';
import { deExample2025 } from './deExample2025.js';
import { eeExample2025 } from './eeExample2025.js';
import { frExample2025 } from './frExample2025.js';
import type { TaxProfile } from './TaxProfile.js';

/** The tax profiles Tandem ships, by id. All are EXAMPLES, not tax advice; each names its sources. */
export const taxProfiles: ReadonlyMap<string, TaxProfile> = new Map(
  [eeExample2025, deExample2025, frExample2025].map((profile) => [profile.id, checkTaxProfile(profile)]),
);

/** The profile a company gets when it names none. */
export const defaultTaxProfileId = 'EE-example-2025';
