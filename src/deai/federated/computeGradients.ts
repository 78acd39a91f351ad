import { quantizeToGrid } from '../secureAggregation/fixedPoint.js';

export type GradientOptions = {
  scalePosWeight: number;
  /** Round each row's gradient and hessian to the fixed-point grid, so histogram sums are exact in any order. */
  quantize: boolean;
  /** Differential privacy: clip |gradient| and the hessian per row (before quantising). */
  clip?: { gradient: number; hessian: number } | null | undefined;
};

/**
 * Logistic-loss gradients and hessians of every row at `margins`, exactly as trainGbdt computes them
 * (class weight on positives, hessian floored at 1e-16), then optionally clipped and put on the fixed-point grid.
 * Nodes and the centralised reference share this function, so both sides see bit-identical numbers.
 */
export function computeGradients(
  margins: Float64Array,
  labels: Uint8Array,
  options: GradientOptions,
  gradients: Float64Array,
  hessians: Float64Array,
): void {
  const { scalePosWeight, quantize, clip } = options;
  for (let row = 0; row < margins.length; row++) {
    const probability = 1 / (1 + Math.exp(-margins[row]!));
    const label = labels[row]!;
    const weight = label === 1 ? scalePosWeight : 1;
    let gradient = (probability - label) * weight;
    let hessian = Math.max(probability * (1 - probability), 1e-16) * weight;
    if (clip) {
      gradient = Math.max(-clip.gradient, Math.min(clip.gradient, gradient));
      hessian = Math.min(clip.hessian, hessian);
    }
    gradients[row] = quantize ? quantizeToGrid(gradient) : gradient;
    hessians[row] = quantize ? quantizeToGrid(hessian) : hessian;
  }
}
