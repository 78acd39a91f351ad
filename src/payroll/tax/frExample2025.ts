import type { TaxProfile } from './TaxProfile.js';

// Plafond annuel de la sécurité sociale (PASS) 2025: EUR 47,100, in cents.
const pass = 4_710_000n;

/**
 * France 2025, non-executive employee, single person (one part), simplified. An EXAMPLE, not tax advice.
 * CSG and CRDS are levied on 98.25 % of gross; their rates below are already multiplied by 0.9825.
 */
export const frExample2025: TaxProfile = {
  id: 'FR-example-2025',
  name: 'France 2025, single, non-cadre (example)',
  country: 'FR',
  currency: 'EUR',
  year: 2025,
  example: true,
  disclaimer:
    'EXAMPLE for demonstration and tests, not tax advice: French withholding (prélèvement à la source) uses the rate the tax office sets per household.',
  sources: [
    {
      title:
        'Barème de l’impôt sur le revenu 2025 (revenus 2024): 0 % to 11,497, 11 % to 29,315, 30 % to 83,823, 41 % to 180,294, 45 % above',
      url: 'https://www.impots.gouv.fr',
    },
    { title: 'URSSAF, taux de cotisations 2025 and PASS 2025 (EUR 47,100)', url: 'https://www.urssaf.fr' },
    {
      title: 'AGIRC-ARRCO, taux de cotisation 2025 (T1 7.87 %, T2 21.59 %, CEG 2.15 % / 2.70 %)',
      url: 'https://www.agirc-arrco.fr',
    },
  ],
  simplifications: [
    'Progressive tariff on annualised taxable pay for a single person, instead of the household rate the tax office sets.',
    'The 10 % deduction for professional expenses is left out.',
    'CSG/CRDS on 98.25 % of gross at every income (the 1.75 % abatement really stops at 4 PASS).',
    'Employer rates without the general reduction on low wages; accident insurance (AT/MP) at a typical 1 %.',
  ],
  incomeTax: {
    name: 'Impôt sur le revenu (income tax)',
    basicAllowance: 1_149_700n, // EUR 11,497: the 0 % band
    brackets: [
      { from: 0n, rate: '0.11' },
      { from: 1_781_800n, rate: '0.30' }, // 29,315 − 11,497
      { from: 7_232_600n, rate: '0.41' }, // 83,823 − 11,497
      { from: 16_879_700n, rate: '0.45' }, // 180,294 − 11,497
    ],
  },
  employeeContributions: [
    { name: 'Assurance vieillesse plafonnée', rate: '0.069', annualCeiling: pass, deductibleFromTaxableIncome: true },
    { name: 'Assurance vieillesse déplafonnée', rate: '0.004', annualCeiling: null, deductibleFromTaxableIncome: true },
    {
      name: 'Retraite complémentaire AGIRC-ARRCO T1',
      rate: '0.0315',
      annualCeiling: pass,
      deductibleFromTaxableIncome: true,
    },
    { name: 'CEG T1', rate: '0.0086', annualCeiling: pass, deductibleFromTaxableIncome: true },
    {
      name: 'Retraite complémentaire AGIRC-ARRCO T2',
      rate: '0.0864',
      annualFloor: pass,
      annualCeiling: 8n * pass,
      deductibleFromTaxableIncome: true,
    },
    { name: 'CEG T2', rate: '0.0108', annualFloor: pass, annualCeiling: 8n * pass, deductibleFromTaxableIncome: true },
    {
      name: 'CSG déductible (6.8 % × 98.25 %)',
      rate: '0.06681',
      annualCeiling: null,
      deductibleFromTaxableIncome: true,
    },
    {
      name: 'CSG non déductible et CRDS (2.9 % × 98.25 %)',
      rate: '0.0284925',
      annualCeiling: null,
      deductibleFromTaxableIncome: false,
    },
  ],
  employerContributions: [
    { name: 'Assurance maladie', rate: '0.13', annualCeiling: null },
    { name: 'Assurance vieillesse plafonnée (employeur)', rate: '0.0855', annualCeiling: pass },
    { name: 'Assurance vieillesse déplafonnée (employeur)', rate: '0.0211', annualCeiling: null },
    { name: 'Allocations familiales', rate: '0.0525', annualCeiling: null },
    { name: 'Assurance chômage', rate: '0.04', annualCeiling: 4n * pass },
    { name: 'Retraite complémentaire AGIRC-ARRCO T1 (employeur)', rate: '0.0472', annualCeiling: pass },
    { name: 'CEG T1 (employeur)', rate: '0.0129', annualCeiling: pass },
    {
      name: 'Retraite complémentaire AGIRC-ARRCO T2 (employeur)',
      rate: '0.1295',
      annualFloor: pass,
      annualCeiling: 8n * pass,
    },
    { name: 'CEG T2 (employeur)', rate: '0.0162', annualFloor: pass, annualCeiling: 8n * pass },
    { name: 'Accidents du travail (typical)', rate: '0.01', annualCeiling: null },
  ],
};
