import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calculatePay, type PayCalculation } from './calculatePay.js';
import { checkTaxProfile } from './checkTaxProfile.js';
import { getTaxProfile } from './getTaxProfile.js';
import { taxProfiles } from './taxProfiles.js';

const pay = (profileId: string, grossMonthly: bigint) =>
  calculatePay({ grossMonthly, currency: 'EUR', profile: getTaxProfile(profileId) });
const amounts = (result: PayCalculation) =>
  Object.fromEntries(result.socialContributions.map((c) => [c.name, c.amount]));

describe('hand-computed cases', () => {
  test('EE: 3,000.00 gross', () => {
    // (3000 − 48 − 60 − 654) × 22 % = 492.36 income tax; 1.6 % and 2 % contributions.
    const result = pay('EE-example-2025', 300_000n);
    assert.equal(result.incomeTax, 49_236n);
    assert.deepEqual(amounts(result), {
      'Unemployment insurance (employee)': 4_800n,
      'Funded pension (II pillar)': 6_000n,
    });
    assert.equal(result.net, 239_964n);
    assert.deepEqual(
      result.employerContributions.map((c) => c.amount),
      [99_000n, 2_400n],
    );
    assert.equal(result.employerCost, 401_400n);
  });

  test('EE: below the basic exemption no income tax is due', () => {
    const result = pay('EE-example-2025', 60_000n);
    assert.equal(result.incomeTax, 0n);
    assert.equal(result.net, 60_000n - 960n - 1_200n);
  });

  test('DE: 5,000.00 gross', () => {
    // Contributions 465.00 + 65.00 + 427.50 + 90.00. Taxable above allowance: 60,000 − 11,790 − 13,362 = 34,848;
    // tax 5,347 × 19 % + 29,501 × 33 % = 10,751.26 a year = 895.938… a month. Total 1,943.438… → 1,943.44, the odd
    // cent going to income tax (largest remainder).
    const result = pay('DE-example-2025', 500_000n);
    assert.deepEqual(amounts(result), {
      'Pension insurance': 46_500n,
      'Unemployment insurance': 6_500n,
      'Health insurance': 42_750n,
      'Long-term care insurance': 9_000n,
    });
    assert.equal(result.incomeTax, 89_594n);
    assert.equal(result.totalDeductions, 194_344n);
    assert.equal(result.net, 305_656n);
    assert.equal(result.annualTaxableIncome, 3_484_800n);
  });

  test('DE: 10,000.00 gross, above both contribution ceilings', () => {
    // Pension on 96,600: 748.65; unemployment 104.65; health on 66,150: 471.31875; care 99.225. Taxable above
    // allowance 90,807.675; tax 1,015.93 + 16,842.21 + 34,423.675 × 42 % = 32,316.0835 → 2,693.0069… a month.
    // Total 4,116.8507… → 4,116.85; floors add to 4,116.83, the two cents go to health (.875) and tax (.6958).
    const result = pay('DE-example-2025', 1_000_000n);
    assert.deepEqual(amounts(result), {
      'Pension insurance': 74_865n,
      'Unemployment insurance': 10_465n,
      'Health insurance': 47_132n,
      'Long-term care insurance': 9_922n,
    });
    assert.equal(result.incomeTax, 269_301n);
    assert.equal(result.net, 588_315n);
  });

  test('FR: 3,000.00 gross', () => {
    // Deductible 539.73 a month; taxable above the 0 % band 36,000 − 6,476.76 − 11,497 = 18,026.24; tax
    // 17,818 × 11 % + 208.24 × 30 % = 2,022.452 → 168.537… a month. CSG/CRDS non-deductible 85.4775.
    // Total 793.745… → 793.75: the two missing cents go to tax (.7667) and CSG/CRDS (.75).
    const result = pay('FR-example-2025', 300_000n);
    assert.deepEqual(amounts(result), {
      'Assurance vieillesse plafonnée': 20_700n,
      'Assurance vieillesse déplafonnée': 1_200n,
      'Retraite complémentaire AGIRC-ARRCO T1': 9_450n,
      'CEG T1': 2_580n,
      'Retraite complémentaire AGIRC-ARRCO T2': 0n,
      'CEG T2': 0n,
      'CSG déductible (6.8 % × 98.25 %)': 20_043n,
      'CSG non déductible et CRDS (2.9 % × 98.25 %)': 8_548n,
    });
    assert.equal(result.incomeTax, 16_854n);
    assert.equal(result.net, 220_625n);
  });

  test('FR: the T2 tranche applies above the PASS', () => {
    // 5,000 a month = 60,000 a year: T2 on 60,000 − 47,100 = 12,900 → 8.64 % = 1,114.56 a year = 92.88 a month.
    const result = pay('FR-example-2025', 500_000n);
    assert.equal(amounts(result)['Retraite complémentaire AGIRC-ARRCO T2'], 9_288n);
    // 6.9 % × 47,100 / 12 = 270.825, capped at the PASS; its half cent is one the share-out hands up.
    assert.equal(amounts(result)['Assurance vieillesse plafonnée'], 27_083n);
  });

  test('zero gross gives zero everything; a wrong currency is refused', () => {
    const zero = pay('DE-example-2025', 0n);
    assert.equal(zero.net, 0n);
    assert.equal(zero.totalDeductions, 0n);
    assert.throws(
      () => calculatePay({ grossMonthly: 1n, currency: 'USD', profile: getTaxProfile('DE-example-2025') }),
      /calculates pay in EUR, not USD/,
    );
  });
});

describe('properties on seeded random grosses', () => {
  let seed = 20250101;
  const random = (bound: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % bound;
  };
  const grosses = Array.from({ length: 400 }, () => BigInt(random(3_000_000)) + BigInt(random(100)));

  for (const profile of taxProfiles.values()) {
    test(`${profile.id}: gross − deductions = net exactly, components are within a unit of exact`, () => {
      for (const gross of grosses) {
        const result = calculatePay({ grossMonthly: gross, currency: profile.currency, profile });
        const withheld = result.incomeTax + result.socialContributions.reduce((sum, c) => sum + c.amount, 0n);
        assert.equal(withheld, result.totalDeductions);
        assert.equal(result.gross - withheld, result.net);
        assert.ok(result.net >= 0n && result.net <= gross);
        for (const c of [result.incomeTax, ...result.socialContributions.map((s) => s.amount)]) assert.ok(c >= 0n);
      }
    });

    test(`${profile.id}: more gross never gives less net (random pairs and one-cent steps)`, () => {
      const sorted = [...grosses].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let previous = -1n;
      for (const gross of sorted) {
        const net = calculatePay({ grossMonthly: gross, currency: profile.currency, profile }).net;
        assert.ok(net >= previous, `${gross}: net ${net} < ${previous}`);
        previous = net;
        const stepNet = calculatePay({ grossMonthly: gross + 1n, currency: profile.currency, profile }).net;
        assert.ok(stepNet >= net, `${gross} + 1: net ${stepNet} < ${net}`);
      }
      // A dense sweep across bracket and ceiling boundaries, cent by cent.
      for (const start of [100_000n, 500_000n, 805_000n, 551_250n, 392_500n]) {
        let last = calculatePay({ grossMonthly: start, currency: profile.currency, profile }).net;
        for (let gross = start + 1n; gross < start + 3_000n; gross++) {
          const net = calculatePay({ grossMonthly: gross, currency: profile.currency, profile }).net;
          assert.ok(net >= last, `${gross}: net ${net} < ${last}`);
          last = net;
        }
      }
    });
  }
});

test('every shipped profile is marked as an example and names its sources', () => {
  assert.ok(taxProfiles.size >= 3);
  for (const profile of taxProfiles.values()) {
    assert.equal(profile.example, true);
    assert.match(profile.disclaimer, /EXAMPLE/);
    assert.ok(profile.sources.length > 0);
    assert.match(profile.id, /example/);
  }
  assert.throws(() => getTaxProfile('XX-real-2025'), { name: 'ValidationError', field: 'taxProfileId' } as never);
});

test('checkTaxProfile refuses a profile where more gross could give less net', () => {
  const base = getTaxProfile('EE-example-2025');
  assert.throws(
    () =>
      checkTaxProfile({
        ...base,
        id: 'broken',
        incomeTax: { ...base.incomeTax, brackets: [{ from: 0n, rate: '0.99' }] },
      }),
    /reach 100 %/,
  );
  assert.throws(
    () =>
      checkTaxProfile({
        ...base,
        id: 'broken',
        incomeTax: { ...base.incomeTax, brackets: [{ from: 0n, rate: '22%' }] },
      }),
    /not in \[0, 1\]/,
  );
  assert.throws(
    () =>
      checkTaxProfile({
        ...base,
        id: 'broken',
        incomeTax: {
          ...base.incomeTax,
          brackets: [
            { from: 0n, rate: '0.1' },
            { from: 0n, rate: '0.2' },
          ],
        },
      }),
    /does not start above/,
  );
});
