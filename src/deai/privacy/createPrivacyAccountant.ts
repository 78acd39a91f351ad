import { epsilonFromRho, gaussianRho } from './zcdp.js';

export type PrivacyCharge = { mechanism: string; releases: number; sensitivity: number; sigma: number; rho: number };

export type PrivacySpent = {
  /** Total zCDP ρ of every release. */
  rho: number;
  epsilon: number;
  delta: number;
  /** ρ by mechanism (bin sketch, category counts, prior, tree histograms …). */
  charges: PrivacyCharge[];
};

/**
 * Adds up the privacy cost of every noisy release that went into a model (zCDP composition) and reports it as
 * (ε, δ). Releases with the same mechanism, sensitivity and σ are grouped.
 * @example const accountant = createPrivacyAccountant(1e-5); accountant.charge('tree histograms', 5.4, 900); accountant.spent().epsilon
 */
export function createPrivacyAccountant(delta: number) {
  const charges = new Map<string, PrivacyCharge>();
  return {
    charge(mechanism: string, sensitivity: number, sigma: number, releases = 1): void {
      const key = `${mechanism}|${sensitivity}|${sigma}`;
      const rho = releases * gaussianRho(sensitivity, sigma);
      const existing = charges.get(key);
      if (existing) {
        existing.releases += releases;
        existing.rho += rho;
      } else charges.set(key, { mechanism, releases, sensitivity, sigma, rho });
    },
    spent(): PrivacySpent {
      const list = [...charges.values()].map((charge) => ({ ...charge }));
      const rho = list.reduce((sum, charge) => sum + charge.rho, 0);
      return { rho, epsilon: epsilonFromRho(rho, delta), delta, charges: list };
    },
  };
}

export type PrivacyAccountant = ReturnType<typeof createPrivacyAccountant>;
