import { ValidationError } from '../../errors/BaseError.js';
import { divideRounded } from '../../money/divideRounded.js';
import { rateScale, scaledRate } from './scaledRate.js';
import type { Contribution, TaxProfile } from './TaxProfile.js';

export type CalculatePayParameters = {
  /** Gross pay for one month, minor units. */
  grossMonthly: bigint;
  /** ISO 4217; must be the profile's currency. */
  currency: string;
  profile: TaxProfile;
};

export type PayComponent = { name: string; amount: bigint };

export type PayCalculation = {
  profileId: string;
  currency: string;
  gross: bigint;
  incomeTax: bigint;
  /** The employee's contributions, withheld, in the profile's order. */
  socialContributions: PayComponent[];
  /** incomeTax + Σ socialContributions. */
  totalDeductions: bigint;
  /** gross − totalDeductions, exactly. */
  net: bigint;
  /** On top of gross, paid by the employer (the expense side). */
  employerContributions: PayComponent[];
  /** gross + Σ employerContributions. */
  employerCost: bigint;
  /** The year's taxable income above the basic allowance that the month's tax is based on, rounded down. */
  annualTaxableIncome: bigint;
};

// Every exact amount below is a numerator over this one denominator: a month (12) of a rate on a rate (scale²).
const months = 12n;
const denominator = months * rateScale * rateScale;

/**
 * Gross to net for one month through a tax profile, in integer arithmetic.
 *
 * The month's gross is annualised (× 12). Each employee contribution is its rate on the part of the annual gross
 * between its floor and ceiling; income tax is the progressive brackets on the annual gross less the basic allowance
 * and the deductible contributions; each is divided by 12 for the month. All of this is kept exact (fractions of a
 * minor unit included) until one rounding step: the month's total deductions are rounded half-up (commercial
 * rounding) to the minor unit, and that total is shared out among income tax and the contributions by the largest-
 * remainder method (ties to income tax, then the profile's order). So `gross − incomeTax − Σ contributions = net`
 * exactly, each component is within one minor unit of its exact value, and — as long as contributions plus the top
 * tax rate stay below 100 %, which checkTaxProfile enforces — more gross never gives less net, down to one minor
 * unit. Employer contributions are each rounded half-up on their own.
 * @example calculatePay({ grossMonthly: 300000n, currency: 'EUR', profile: getTaxProfile('EE-example-2025') }).net
 * // 239964n
 */
export function calculatePay({ grossMonthly, currency, profile }: CalculatePayParameters): PayCalculation {
  if (currency !== profile.currency)
    throw new ValidationError(`Tax profile ${profile.id} calculates pay in ${profile.currency}, not ${currency}`, {
      field: 'currency',
    });
  if (grossMonthly < 0n) throw new ValidationError('Gross pay cannot be negative', { field: 'grossMonthly' });
  const annualGross = grossMonthly * months;

  // Employee contributions: numerator (over `denominator`) of the month's exact amount.
  const contributions = profile.employeeContributions.map((contribution) => {
    const annualTimesScale = rateOf(contribution) * contributionBase(contribution, annualGross);
    return { contribution, annualTimesScale, exact: annualTimesScale * rateScale };
  });
  const deductibleTimesScale = contributions
    .filter(({ contribution }) => contribution.deductibleFromTaxableIncome)
    .reduce((sum, { annualTimesScale }) => sum + annualTimesScale, 0n);

  // Taxable income above the allowance, × scale; then tax × scale² by bracket.
  let taxableTimesScale = (annualGross - profile.incomeTax.basicAllowance) * rateScale - deductibleTimesScale;
  if (taxableTimesScale < 0n) taxableTimesScale = 0n;
  const brackets = profile.incomeTax.brackets;
  let annualTaxTimesScale2 = 0n;
  brackets.forEach((bracket, i) => {
    const start = bracket.from * rateScale;
    const next = brackets[i + 1];
    const end = next ? next.from * rateScale : undefined;
    const top = end === undefined || taxableTimesScale < end ? taxableTimesScale : end;
    if (top > start) annualTaxTimesScale2 += (top - start) * (scaledRate(bracket.rate) ?? 0n);
  });

  // One rounding for the whole deduction, shared out by largest remainder.
  const exactParts = [annualTaxTimesScale2, ...contributions.map(({ exact }) => exact)];
  const totalDeductions = divideRounded(
    exactParts.reduce((sum, part) => sum + part, 0n),
    denominator,
    'half-up',
  );
  const amounts = shareOut(totalDeductions, exactParts);

  const employerContributions = profile.employerContributions.map((contribution) => ({
    name: contribution.name,
    amount: divideRounded(
      rateOf(contribution) * contributionBase(contribution, annualGross),
      months * rateScale,
      'half-up',
    ),
  }));
  const employerTotal = employerContributions.reduce((sum, { amount }) => sum + amount, 0n);

  return {
    profileId: profile.id,
    currency,
    gross: grossMonthly,
    incomeTax: amounts[0] ?? 0n,
    socialContributions: contributions.map(({ contribution }, i) => ({
      name: contribution.name,
      amount: amounts[i + 1] ?? 0n,
    })),
    totalDeductions,
    net: grossMonthly - totalDeductions,
    employerContributions,
    employerCost: grossMonthly + employerTotal,
    annualTaxableIncome: taxableTimesScale / rateScale,
  };
}

function rateOf(contribution: Contribution): bigint {
  const rate = scaledRate(contribution.rate);
  if (rate === undefined) throw new RangeError(`${contribution.name}: rate "${contribution.rate}" is not in [0, 1]`);
  return rate;
}

/** The part of the annual gross between the contribution's floor and ceiling. */
function contributionBase(contribution: Contribution, annualGross: bigint): bigint {
  const floor = contribution.annualFloor ?? 0n;
  const capped =
    contribution.annualCeiling !== null && annualGross > contribution.annualCeiling
      ? contribution.annualCeiling
      : annualGross;
  return capped > floor ? capped - floor : 0n;
}

/** Rounds each exact part down, then gives the units still missing from `total` to the largest remainders. */
function shareOut(total: bigint, exactParts: bigint[]): bigint[] {
  const amounts = exactParts.map((part) => part / denominator);
  let missing = total - amounts.reduce((sum, amount) => sum + amount, 0n);
  const order = exactParts
    .map((part, index) => ({ index, remainder: part % denominator }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (missing <= 0n) break;
    amounts[index] = (amounts[index] ?? 0n) + 1n;
    missing -= 1n;
  }
  return amounts;
}
