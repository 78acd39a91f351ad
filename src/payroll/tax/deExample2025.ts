import type { TaxProfile } from './TaxProfile.js';

// 2025 social-security ceilings (Beitragsbemessungsgrenzen), annual, in cents.
const pensionCeiling = 9_660_000n; // EUR 96,600 (pension and unemployment insurance)
const healthCeiling = 6_615_000n; // EUR 66,150 (health and long-term care insurance)

/**
 * Germany 2025, tax class I, simplified. The §32a EStG tariff rises linearly within its zones; here each zone has
 * one constant rate, its average, so the tax is exact at the zone boundaries and close in between. An EXAMPLE, not
 * tax advice.
 */
export const deExample2025: TaxProfile = {
  id: 'DE-example-2025',
  name: 'Germany 2025, tax class I (example)',
  country: 'DE',
  currency: 'EUR',
  year: 2025,
  example: true,
  disclaimer:
    'EXAMPLE for demonstration and tests, not tax advice: German wage tax follows the official Lohnsteuer program (PAP), which this does not implement.',
  sources: [
    {
      title: '§32a EStG, income tax tariff 2025 (basic allowance EUR 12,096; zones to 17,443 / 68,480 / 277,825)',
      url: 'https://www.gesetze-im-internet.de/estg/__32a.html',
    },
    {
      title: '§9a EStG (employee lump sum EUR 1,230) and §10c EStG (special expenses lump sum EUR 36)',
      url: 'https://www.gesetze-im-internet.de/estg/',
    },
    {
      title: 'Sozialversicherungsrechengrößen-Verordnung 2025 (ceilings EUR 96,600 and 66,150 a year)',
      url: 'https://www.bundesregierung.de',
    },
    {
      title:
        'Contribution rates 2025: pension 18.6 %, unemployment 2.6 %, health 14.6 % + 2.5 % average additional, long-term care 3.6 %, each shared half and half',
      url: 'https://www.deutsche-rentenversicherung.de',
    },
  ],
  simplifications: [
    'Constant rate per tariff zone (19 %, 33 %, 42 %, 45 %) instead of the linear-progressive formula.',
    'Solidarity surcharge (only above EUR 19,950 of income tax) and church tax are left out.',
    'Employee pension, health and long-term care contributions are deducted in full from taxable income instead of the Vorsorgepauschale.',
    'Long-term care at 1.8 % for the employee (with children, outside Saxony); childless employees pay 0.6 % more.',
    'Employer levies U1, U2, insolvency money and accident insurance are left out.',
  ],
  incomeTax: {
    name: 'Lohnsteuer (income tax)',
    // Grundfreibetrag 12,096 + Arbeitnehmer-Pauschbetrag 1,230 + Sonderausgaben-Pauschbetrag 36, in cents.
    basicAllowance: 1_336_200n,
    brackets: [
      { from: 0n, rate: '0.19' }, // zvE 12,097 – 17,443: 14 % rising to 24 %
      { from: 534_700n, rate: '0.33' }, // zvE 17,444 – 68,480: 24 % rising to 42 %
      { from: 5_638_400n, rate: '0.42' }, // zvE 68,481 – 277,825
      { from: 26_572_900n, rate: '0.45' }, // zvE from 277,826
    ],
  },
  employeeContributions: [
    { name: 'Pension insurance', rate: '0.093', annualCeiling: pensionCeiling, deductibleFromTaxableIncome: true },
    {
      name: 'Unemployment insurance',
      rate: '0.013',
      annualCeiling: pensionCeiling,
      deductibleFromTaxableIncome: false,
    },
    { name: 'Health insurance', rate: '0.0855', annualCeiling: healthCeiling, deductibleFromTaxableIncome: true },
    {
      name: 'Long-term care insurance',
      rate: '0.018',
      annualCeiling: healthCeiling,
      deductibleFromTaxableIncome: true,
    },
  ],
  employerContributions: [
    { name: 'Pension insurance (employer)', rate: '0.093', annualCeiling: pensionCeiling },
    { name: 'Unemployment insurance (employer)', rate: '0.013', annualCeiling: pensionCeiling },
    { name: 'Health insurance (employer)', rate: '0.0855', annualCeiling: healthCeiling },
    { name: 'Long-term care insurance (employer)', rate: '0.018', annualCeiling: healthCeiling },
  ],
};
