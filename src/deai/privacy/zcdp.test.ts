import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPrivacyAccountant } from './createPrivacyAccountant.js';
import { planPrivacy } from './planPrivacy.js';
import { addGaussianNoise, createGaussianSampler } from './sampleGaussian.js';
import { epsilonFromRho, gaussianRho, rhoForEpsilon } from './zcdp.js';

describe('zCDP accounting', () => {
  it('converts ρ to (ε, δ) at least as tightly as ρ + 2√(ρ ln 1/δ), monotonically', () => {
    let previous = 0;
    for (const rho of [0.001, 0.01, 0.1, 0.5, 1, 5]) {
      const epsilon = epsilonFromRho(rho, 1e-5);
      assert.ok(epsilon <= rho + 2 * Math.sqrt(rho * Math.log(1e5)) + 1e-12);
      assert.ok(epsilon > rho && epsilon > previous);
      previous = epsilon;
    }
    // Reference: ρ = 0.5, δ = 1e-5 gives ε ≈ 4.7 by the Canonne–Kamath–Steinke bound (5.30 classic).
    const epsilon = epsilonFromRho(0.5, 1e-5);
    assert.ok(epsilon > 4.4 && epsilon < 5.0, `ε = ${epsilon}`);
  });

  it('inverts: the ρ allowed for ε converts back to ε', () => {
    for (const epsilon of [0.5, 1, 4, 16])
      assert.ok(Math.abs(epsilonFromRho(rhoForEpsilon(epsilon, 1e-6), 1e-6) - epsilon) < 1e-6);
  });

  it('adds up releases and plans noise so that the planned releases spend exactly the budget', () => {
    const target = { epsilon: 2, delta: 1e-5, gradientClip: 1, hessianClip: 0.25 };
    const plan = planPrivacy(target, {
      features: 47,
      sampledFeatures: 28,
      categoricalFeatures: 2,
      trees: 20,
      levels: 4,
      maxWeight: 1,
    });
    const accountant = createPrivacyAccountant(1e-5);
    accountant.charge('binSketch', plan.sensitivity.binSketch, plan.sigma.binSketch);
    accountant.charge('categoryCounts', plan.sensitivity.categoryCounts, plan.sigma.categoryCounts);
    accountant.charge('prior', plan.sensitivity.prior, plan.sigma.prior);
    for (let release = 0; release < plan.histogramReleases; release++)
      accountant.charge('histograms', plan.sensitivity.histograms, plan.sigma.histograms);
    const spent = accountant.spent();
    assert.ok(Math.abs(spent.rho - plan.rho) < 1e-12);
    assert.ok(Math.abs(spent.epsilon - 2) < 1e-6);
    assert.equal(spent.charges.find((charge) => charge.mechanism === 'histograms')!.releases, 80);
    assert.equal(gaussianRho(2, 4), 0.125);
  });

  it('samples standard normal noise from cryptographic randomness', () => {
    const gaussian = createGaussianSampler();
    const values = addGaussianNoise(new Float64Array(200_000), 3, gaussian);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    assert.ok(Math.abs(mean) < 0.05);
    assert.ok(Math.abs(variance - 9) < 0.2);
  });
});
