/**
 * Zero-concentrated differential privacy (Bun & Steinke 2016). A Gaussian mechanism with L2 sensitivity Δ and noise
 * N(0, σ²) is ρ-zCDP with ρ = Δ² / (2σ²); ρ adds up over any sequence of mechanisms, even adaptively chosen ones
 * (each tree's histograms depend on the earlier trees). ρ-zCDP gives (ε, δ)-DP for every δ > 0 by the conversion
 * of Canonne, Kamath & Steinke 2020 (Prop. 12 via Rényi DP): ε = min over α > 1 of
 * αρ + (ln(1/δ) + (α − 1)·ln(1 − 1/α) − ln α) / (α − 1), never worse than the classic ρ + 2√(ρ ln(1/δ)).
 */
export function gaussianRho(sensitivity: number, sigma: number): number {
  if (!(sigma > 0)) throw new RangeError(`sigma must be positive, got ${sigma}`);
  return (sensitivity * sensitivity) / (2 * sigma * sigma);
}

/** ε of ρ-zCDP at δ (see the module comment). */
export function epsilonFromRho(rho: number, delta: number): number {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must be in (0, 1), got ${delta}`);
  if (rho === 0) return 0;
  const classic = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  const at = (alpha: number) =>
    alpha * rho + (Math.log(1 / delta) + (alpha - 1) * Math.log(1 - 1 / alpha) - Math.log(alpha)) / (alpha - 1);
  // The bound is convex in α: a log-spaced scan, then golden-section refinement around the best point.
  let best = 1.0001;
  for (let logAlpha = Math.log(1.0001); logAlpha < Math.log(1e7); logAlpha += 0.05) {
    const alpha = Math.exp(logAlpha);
    if (at(alpha) < at(best)) best = alpha;
  }
  let low = Math.max(1.00001, best / 1.06);
  let high = best * 1.06;
  for (let i = 0; i < 80; i++) {
    const a = high - (high - low) / 1.618033988749895;
    const b = low + (high - low) / 1.618033988749895;
    if (at(a) < at(b)) high = b;
    else low = a;
  }
  return Math.min(classic, at((low + high) / 2), at(best));
}

/** The largest ρ whose (ε, δ) conversion stays within `epsilon` (bisection on epsilonFromRho). */
export function rhoForEpsilon(epsilon: number, delta: number): number {
  if (!(epsilon > 0)) throw new RangeError(`epsilon must be positive, got ${epsilon}`);
  let low = 0;
  let high = epsilon;
  while (epsilonFromRho(high, delta) < epsilon) high *= 2;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (epsilonFromRho(middle, delta) <= epsilon) low = middle;
    else high = middle;
  }
  return low;
}
