import { ValidationError } from '../../errors/BaseError.js';
import { computeBinEdges } from '../../risk/model/computeBinEdges.js';
import { createBinnedMatrix } from '../../risk/model/createBinnedMatrix.js';
import { createLocalHistogramSource } from '../../risk/model/createLocalHistogramSource.js';
import { createPrng } from '../../risk/model/createPrng.js';
import type { GbdtModel } from '../../risk/model/GbdtModel.js';
import { type GbdtParams, resolveGbdtParams } from '../../risk/model/gbdtParams.js';
import { growTree } from '../../risk/model/growTree.js';
import { createHistogramLayout } from '../../risk/model/HistogramLayout.js';
import { addTree } from '../../risk/model/predictMargins.js';
import type { Tree } from '../../risk/model/Tree.js';
import type { LabeledInputs } from '../../risk/model/trainGbdt.js';
import { fillThresholds, priorMargin, sampleFeatures } from './boostingSteps.js';
import { computeGradients } from './computeGradients.js';

export type TrainCentralizedParameters = {
  train: LabeledInputs;
  params?: Partial<GbdtParams> | undefined;
  binEdges?: readonly ArrayLike<number>[] | undefined;
  /** Put per-row gradients on the fixed-point grid, as every federated node does before secure aggregation. */
  fixedPoint: boolean;
};

/**
 * The reference the federation is measured against: the risk engine's learner (growTree, findBestSplit, the same
 * boosting loop as trainGbdt) on all rows in one place. With `fixedPoint: false` it is trainGbdt exactly (checked
 * by its test); with `fixedPoint: true` gradients are rounded to the 2^-24 grid first, which is what secure
 * aggregation computes on, so a federation of the same rows must produce the identical model.
 * Row subsampling and early stopping are not part of the federated learner and are refused.
 */
export function trainCentralized(parameters: TrainCentralizedParameters): GbdtModel {
  const params = resolveGbdtParams(parameters.params);
  if (params.subsample < 1 || params.earlyStoppingRounds > 0)
    throw new ValidationError('federated training supports subsample = 1 and no early stopping', { field: 'params' });
  const { inputs, labels } = parameters.train;
  const rowCount = inputs.rowCount;
  const featureCount = inputs.columns.length;
  const binEdges = parameters.binEdges
    ? parameters.binEdges.map((edges) => Float64Array.from(edges))
    : inputs.columns.map((column) => computeBinEdges(column, params.maxBins));
  const matrix = createBinnedMatrix(inputs, binEdges);
  const layout = createHistogramLayout(matrix.binCounts);
  const prng = createPrng(params.seed);
  let positives = 0;
  for (const label of labels) positives += label;
  const baseScore =
    params.baseScore === 'prior'
      ? priorMargin(positives, rowCount, params.scalePosWeight)
      : Math.log(params.baseScore / (1 - params.baseScore));
  const margins = new Float64Array(rowCount).fill(baseScore);
  const gradients = new Float64Array(rowCount);
  const hessians = new Float64Array(rowCount);
  const rows = Uint32Array.from({ length: rowCount }, (_, i) => i);
  const allFeatures = Uint32Array.from({ length: featureCount }, (_, i) => i);
  const sampledFeatureCount = Math.max(1, Math.round(featureCount * params.colsampleByTree));
  const trees: Tree[] = [];
  const pool: Float64Array[] = [];
  for (let round = 0; round < params.trees; round++) {
    computeGradients(
      margins,
      labels,
      { scalePosWeight: params.scalePosWeight, quantize: parameters.fixedPoint },
      gradients,
      hessians,
    );
    const features =
      params.colsampleByTree >= 1 ? allFeatures : sampleFeatures(featureCount, sampledFeatureCount, prng);
    const source = createLocalHistogramSource({ matrix, layout, gradients, hessians, rows });
    const tree = fillThresholds(growTree(source, params, features, pool), binEdges);
    trees.push(tree);
    addTree(tree, inputs, margins);
  }
  return { featureCount, binEdges: binEdges.map((edges) => Array.from(edges)), baseScore, trees };
}
