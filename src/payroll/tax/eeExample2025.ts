import type { TaxProfile } from './TaxProfile.js';

/** Estonia 2025, simplified: flat 22 % income tax after a basic exemption. An EXAMPLE, not tax advice. */
export const eeExample2025: TaxProfile = {
  id: 'EE-example-2025',
  name: 'Estonia 2025 (example)',
  country: 'EE',
  currency: 'EUR',
  year: 2025,
  example: true,
  disclaimer:
    'EXAMPLE for demonstration and tests, not tax advice: check every rate with the Estonian Tax and Customs Board.',
  sources: [
    {
      title:
        'Estonian Tax and Customs Board (EMTA): tax rates 2025 (income tax 22 %, social tax 33 %, basic exemption EUR 654 a month)',
      url: 'https://www.emta.ee/en',
    },
    {
      title: 'Töötukassa: unemployment insurance premium 2025 (employee 1.6 %, employer 0.8 %)',
      url: 'https://www.tootukassa.ee/en',
    },
    {
      title: 'Pensionikeskus: funded pension (II pillar) contribution 2 % of gross',
      url: 'https://www.pensionikeskus.ee/en/',
    },
  ],
  simplifications: [
    'The basic exemption of EUR 654 a month applies in full at every income; in 2025 it really decreases for incomes between EUR 1,200 and 2,100 a month (the "tax hump").',
    'II-pillar pension at 2 % (employees may choose 0, 4 or 6 %).',
    'The minimum monthly base of social tax is not applied.',
  ],
  incomeTax: {
    name: 'Income tax',
    basicAllowance: 784_800n, // EUR 7,848.00 a year = 12 × 654.00
    brackets: [{ from: 0n, rate: '0.22' }],
  },
  employeeContributions: [
    {
      name: 'Unemployment insurance (employee)',
      rate: '0.016',
      annualCeiling: null,
      deductibleFromTaxableIncome: true,
    },
    { name: 'Funded pension (II pillar)', rate: '0.02', annualCeiling: null, deductibleFromTaxableIncome: true },
  ],
  employerContributions: [
    { name: 'Social tax', rate: '0.33', annualCeiling: null },
    { name: 'Unemployment insurance (employer)', rate: '0.008', annualCeiling: null },
  ],
};
