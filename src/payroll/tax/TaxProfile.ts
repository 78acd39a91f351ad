/** A contribution on gross pay: a rate on the part of the annual gross between a floor and a ceiling. */
export type Contribution = {
  name: string;
  /** Decimal fraction with at most 8 decimals: '0.093' is 9.3 %. */
  rate: string;
  /** Annual gross below which the rate does not apply (minor units); 0 for most contributions. */
  annualFloor?: bigint | undefined;
  /** Annual gross above which the rate does not apply (minor units), e.g. a social-security ceiling; null: none. */
  annualCeiling: bigint | null;
};

/** An employee's contribution, withheld from gross pay. */
export type EmployeeContribution = Contribution & {
  /** Whether it is deducted from the income that income tax is levied on. */
  deductibleFromTaxableIncome: boolean;
};

/** From `from` (annual taxable income above the basic allowance, minor units) the rate applies to each further unit. */
export type TaxBracket = { from: bigint; rate: string };

/**
 * How gross pay becomes net pay in one jurisdiction: progressive income tax on annualised gross (after a basic
 * allowance and deductible contributions), employee contributions withheld, employer contributions on top.
 * The profiles Tandem ships are EXAMPLES for demonstration and tests, not tax advice.
 */
export type TaxProfile = {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 4217; pay calculated with this profile is in this currency. */
  currency: string;
  year: number;
  /** True for every profile Tandem ships: a simplified illustration, not a payroll engine to file taxes with. */
  example: boolean;
  disclaimer: string;
  /** Where each rate comes from. */
  sources: { title: string; url: string }[];
  /** What the real rules do that this profile leaves out. */
  simplifications: string[];
  incomeTax: {
    name: string;
    /** Annual income free of tax (minor units), including any flat deductions the profile folds into it. */
    basicAllowance: bigint;
    /** Ascending; the first starts at 0. */
    brackets: TaxBracket[];
  };
  employeeContributions: EmployeeContribution[];
  employerContributions: Contribution[];
};
