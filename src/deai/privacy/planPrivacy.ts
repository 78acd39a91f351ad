import { ValidationError } from '../../errors/BaseError.js';
import { rhoForEpsilon } from './zcdp.js';

/** Differential privacy asked of one model: the total (ε, δ) and the per-row clip of gradients and hessians. */
export type PrivacyTarget = {
  epsilon: number;
  delta: number;
  /** |gradient| per row is clipped to this (logistic loss without class weights never exceeds 1). */
  gradientClip: number;
  /** Hessian per row is clipped to [0, this] (logistic loss: at most 0.25). */
  hessianClip: number;
};

export type PrivacyPlan = {
  target: PrivacyTarget;
  /** Total ρ the target allows. */
  rho: number;
  /** σ of the total Gaussian noise on each kind of release (each node adds σ/√t of it). */
  sigma: { binSketch: number; categoryCounts: number; prior: number; histograms: number };
  /** L2 sensitivity of one row on each kind of release. */
  sensitivity: { binSketch: number; categoryCounts: number; prior: number; histograms: number };
  /** Histogram releases budgeted: trees × levels. */
  histogramReleases: number;
};

/**
 * Splits a model's (ε, δ) over its releases (zCDP: ρ adds up): 10 % of ρ for the bin sketch, category counts and
 * class prior, 90 % spread evenly over every level of every tree. One row moves one bin per sampled feature in one
 * node per level (the level's requested nodes hold disjoint rows), so a level's histogram vector has L2
 * sensitivity √(features · (gClip² + hClip²)); a row adds 1 to one sketch bucket per feature (√features), to one
 * category count per categorical feature (√categorical) and (y·w, 1) to the prior (√(w² + 1)).
 */
export function planPrivacy(
  target: PrivacyTarget,
  shape: {
    features: number;
    sampledFeatures: number;
    categoricalFeatures: number;
    trees: number;
    levels: number;
    maxWeight: number;
  },
): PrivacyPlan {
  if (!(target.epsilon > 0 && target.delta > 0 && target.delta < 1))
    throw new ValidationError('privacy needs epsilon > 0 and delta in (0, 1)', { field: 'privacy' });
  const rho = rhoForEpsilon(target.epsilon, target.delta);
  const sensitivity = {
    binSketch: Math.sqrt(shape.features),
    categoryCounts: Math.sqrt(Math.max(1, shape.categoricalFeatures)),
    prior: Math.sqrt(shape.maxWeight ** 2 + 1),
    histograms: Math.sqrt(shape.sampledFeatures * (target.gradientClip ** 2 + target.hessianClip ** 2)),
  };
  const setupRho = (0.1 * rho) / 3;
  const histogramReleases = shape.trees * shape.levels;
  const perHistogramRho = (0.9 * rho) / histogramReleases;
  const sigmaFor = (delta: number, budget: number) => delta / Math.sqrt(2 * budget);
  return {
    target,
    rho,
    sensitivity,
    sigma: {
      binSketch: sigmaFor(sensitivity.binSketch, setupRho),
      categoryCounts: sigmaFor(sensitivity.categoryCounts, setupRho),
      prior: sigmaFor(sensitivity.prior, setupRho),
      histograms: sigmaFor(sensitivity.histograms, perHistogramRho),
    },
    histogramReleases,
  };
}
