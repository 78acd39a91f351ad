import { binIndex } from '../../risk/model/createBinnedMatrix.js';

/**
 * The public bucket grid of the bin-edge sketch (DDSketch-style, Masson et al. 2019): buckets whose boundaries grow
 * geometrically, ±minMagnitude·10^(k / bucketsPerDecade) for k = 0 … decades·bucketsPerDecade, plus a boundary at 0.
 * Any value falls in a bucket at most 10^(1/bucketsPerDecade) − 1 wide relative to itself (3.7 % for 64 per decade),
 * whatever the party's data, so every party uses the same buckets and sketches add up element by element.
 */
export type SketchGrid = { minMagnitude: number; bucketsPerDecade: number; decades: number };

/** 1e-8 … 1e22 at 64 buckets per decade: covers ether amounts, token amounts, counts and minutes in the data. */
export const defaultSketchGrid: SketchGrid = { minMagnitude: 1e-8, bucketsPerDecade: 64, decades: 30 };

/**
 * The grid under differential privacy: 4 buckets per decade (78 % wide), so each bucket holds enough rows for its
 * count to stand out of the noise, and the few bins a DP model can afford are still placed by the data.
 */
export const privateSketchGrid: SketchGrid = { minMagnitude: 1e-6, bucketsPerDecade: 4, decades: 26 };

/** The grid's ascending boundaries; bucket j holds the values in (boundaries[j − 1], boundaries[j]]. */
export function sketchBoundaries(grid: SketchGrid): Float64Array {
  const steps = grid.decades * grid.bucketsPerDecade;
  const positive = Float64Array.from(
    { length: steps + 1 },
    (_, k) => grid.minMagnitude * 10 ** (k / grid.bucketsPerDecade),
  );
  const boundaries = new Float64Array(2 * positive.length + 1);
  for (let k = 0; k < positive.length; k++) {
    boundaries[positive.length - 1 - k] = -positive[k]!;
    boundaries[positive.length + 1 + k] = positive[k]!;
  }
  boundaries[positive.length] = 0;
  return boundaries;
}

/** The bucket of `value` (0 … boundaries.length); NaN (missing) has none: −1. */
export function sketchBucket(boundaries: Float64Array, value: number): number {
  return binIndex(boundaries, value) - 1;
}
