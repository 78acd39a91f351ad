import type { BinnedMatrix } from './createBinnedMatrix.js';
import type { HistogramLayout } from './HistogramLayout.js';

// Four partial histograms per feature (for up to 256 bins): consecutive rows often share a bin, and one running sum
// per bin would make every addition wait for the previous one. Shared scratch is safe: JavaScript runs this
// function to completion before any other call.
const lanes = 4;
const scratch = new Float64Array(lanes * 2 * 256);
let gathered = new Float64Array(0);

/**
 * The gradient and hessian histograms of a node: for each feature in `features`, the sums of `gradients` and
 * `hessians` over the node's `rows` (ascending, distinct), per bin (layout in HistogramLayout; other features'
 * entries are zero). Pure and deterministic; a histogram summed from parties' histograms of the same rows agrees
 * with this one up to floating-point addition order.
 * @example const histogram = computeHistograms(binned, layout, gradients, hessians, rows, features)
 */
export function computeHistograms(
  matrix: BinnedMatrix,
  layout: HistogramLayout,
  gradients: Float64Array,
  hessians: Float64Array,
  rows: Uint32Array,
  features: ArrayLike<number>,
  out?: Float64Array | undefined,
): Float64Array {
  const histogram = out ?? new Float64Array(2 * layout.totalBins);
  if (out) histogram.fill(0);
  const count = rows.length;
  const { bins, rowCount } = matrix;
  // All rows in order (a tree's root without row sampling): read the columns directly, no row indirection.
  const allRows = count === rowCount && (count === 0 || (rows[0] === 0 && rows[count - 1] === count - 1));
  let g = gradients;
  let h = hessians;
  if (!allRows) {
    // Gather the node's gradients once so the per-feature loops read them sequentially.
    if (gathered.length < 2 * count) gathered = new Float64Array(2 * count);
    g = gathered.subarray(0, count);
    h = gathered.subarray(count, 2 * count);
    for (let i = 0; i < count; i++) {
      const row = rows[i]!;
      g[i] = gradients[row]!;
      h[i] = hessians[row]!;
    }
  }

  // Over all rows, features with a frequent bin visit only the other rows; the frequent bin gets the remainder.
  const sparse = allRows && count > 0 ? matrix.sparse : undefined;
  let totalG = 0;
  let totalH = 0;
  if (sparse)
    for (let i = 0; i < count; i++) {
      totalG += g[i]!;
      totalH += h[i]!;
    }

  for (let k = 0; k < features.length; k++) {
    const feature = features[k]!;
    const column = feature * rowCount;
    const base = 2 * layout.offsets[feature]!;
    const binCount = layout.binCounts[feature]!;
    const stride = 2 * binCount;
    if (sparse) {
      const others = sparse.otherRows[feature]!;
      const m = others.length;
      scratch.fill(0, 0, lanes * stride);
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const r0 = others[i]!;
        const r1 = others[i + 1]!;
        const r2 = others[i + 2]!;
        const r3 = others[i + 3]!;
        const a = 2 * bins[column + r0]!;
        const b = stride + 2 * bins[column + r1]!;
        const c = 2 * stride + 2 * bins[column + r2]!;
        const d = 3 * stride + 2 * bins[column + r3]!;
        scratch[a]! += g[r0]!;
        scratch[a + 1]! += h[r0]!;
        scratch[b]! += g[r1]!;
        scratch[b + 1]! += h[r1]!;
        scratch[c]! += g[r2]!;
        scratch[c + 1]! += h[r2]!;
        scratch[d]! += g[r3]!;
        scratch[d + 1]! += h[r3]!;
      }
      for (; i < m; i++) {
        const row = others[i]!;
        const slot = 2 * bins[column + row]!;
        scratch[slot]! += g[row]!;
        scratch[slot + 1]! += h[row]!;
      }
      let otherG = 0;
      let otherH = 0;
      for (let s = 0; s < stride; s += 2) {
        const sumG = scratch[s]! + scratch[stride + s]! + scratch[2 * stride + s]! + scratch[3 * stride + s]!;
        const sumH =
          scratch[s + 1]! + scratch[stride + s + 1]! + scratch[2 * stride + s + 1]! + scratch[3 * stride + s + 1]!;
        histogram[base + s]! += sumG;
        histogram[base + s + 1]! += sumH;
        otherG += sumG;
        otherH += sumH;
      }
      const frequent = base + 2 * sparse.frequentBin[feature]!;
      histogram[frequent] = totalG - otherG;
      histogram[frequent + 1] = totalH - otherH;
      continue;
    }
    if (count < 64 || count < binCount) {
      for (let i = 0; i < count; i++) {
        const slot = base + 2 * bins[column + (allRows ? i : rows[i]!)]!;
        histogram[slot]! += g[i]!;
        histogram[slot + 1]! += h[i]!;
      }
      continue;
    }
    scratch.fill(0, 0, lanes * stride);
    let i = 0;
    if (allRows) {
      for (; i + 3 < count; i += 4) {
        const a = 2 * bins[column + i]!;
        const b = stride + 2 * bins[column + i + 1]!;
        const c = 2 * stride + 2 * bins[column + i + 2]!;
        const d = 3 * stride + 2 * bins[column + i + 3]!;
        scratch[a]! += g[i]!;
        scratch[a + 1]! += h[i]!;
        scratch[b]! += g[i + 1]!;
        scratch[b + 1]! += h[i + 1]!;
        scratch[c]! += g[i + 2]!;
        scratch[c + 1]! += h[i + 2]!;
        scratch[d]! += g[i + 3]!;
        scratch[d + 1]! += h[i + 3]!;
      }
    } else {
      for (; i + 3 < count; i += 4) {
        const a = 2 * bins[column + rows[i]!]!;
        const b = stride + 2 * bins[column + rows[i + 1]!]!;
        const c = 2 * stride + 2 * bins[column + rows[i + 2]!]!;
        const d = 3 * stride + 2 * bins[column + rows[i + 3]!]!;
        scratch[a]! += g[i]!;
        scratch[a + 1]! += h[i]!;
        scratch[b]! += g[i + 1]!;
        scratch[b + 1]! += h[i + 1]!;
        scratch[c]! += g[i + 2]!;
        scratch[c + 1]! += h[i + 2]!;
        scratch[d]! += g[i + 3]!;
        scratch[d + 1]! += h[i + 3]!;
      }
    }
    for (; i < count; i++) {
      const slot = 2 * bins[column + (allRows ? i : rows[i]!)]!;
      scratch[slot]! += g[i]!;
      scratch[slot + 1]! += h[i]!;
    }
    for (let s = 0; s < stride; s++)
      histogram[base + s]! += scratch[s]! + scratch[stride + s]! + scratch[2 * stride + s]! + scratch[3 * stride + s]!;
  }
  return histogram;
}
