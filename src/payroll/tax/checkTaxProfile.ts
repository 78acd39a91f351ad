import { NonRetryableError } from '../../errors/BaseError.js';
import { isCountryCode } from '../../money/isCountryCode.js';
import { isCurrencyCode } from '../../money/isCurrencyCode.js';
import { rateScale, scaledRate } from './scaledRate.js';
import type { TaxProfile } from './TaxProfile.js';

/**
 * Refuses a profile that cannot give sound pay slips: rates outside [0, 1] or with more than 8 decimals, brackets not
 * ascending from 0, a floor above its ceiling, or combined marginal rates of 100 % or more — below that, more gross
 * always means more net (see calculatePay).
 */
export function checkTaxProfile(profile: TaxProfile): TaxProfile {
  const fail = (reason: string): never => {
    throw new NonRetryableError(`Tax profile ${profile.id}: ${reason}`, { code: 'tax-profile' });
  };
  if (!isCountryCode(profile.country)) fail(`"${profile.country}" is not an ISO 3166 country`);
  if (!isCurrencyCode(profile.currency)) fail(`"${profile.currency}" is not an ISO 4217 currency`);
  if (profile.incomeTax.basicAllowance < 0n) fail('the basic allowance is negative');
  const brackets = profile.incomeTax.brackets;
  if (brackets[0]?.from !== 0n) fail('the first bracket must start at 0');
  let topRate = 0n;
  brackets.forEach((bracket, i) => {
    const rate = scaledRate(bracket.rate) ?? fail(`bracket ${i + 1}: rate "${bracket.rate}" is not in [0, 1]`);
    if (i > 0 && bracket.from <= (brackets[i - 1]?.from ?? 0n))
      fail(`bracket ${i + 1} does not start above the one before`);
    if (rate > topRate) topRate = rate;
  });
  let contributionRates = 0n;
  for (const contribution of [...profile.employeeContributions, ...profile.employerContributions]) {
    const rate =
      scaledRate(contribution.rate) ?? fail(`${contribution.name}: rate "${contribution.rate}" is not in [0, 1]`);
    const floor = contribution.annualFloor ?? 0n;
    if (floor < 0n) fail(`${contribution.name}: negative floor`);
    if (contribution.annualCeiling !== null && contribution.annualCeiling < floor)
      fail(`${contribution.name}: ceiling below floor`);
    if (profile.employeeContributions.includes(contribution as never)) contributionRates += rate;
  }
  if (contributionRates + topRate >= rateScale)
    fail('employee contributions and the top tax rate reach 100 %: more gross could give less net');
  return profile;
}
