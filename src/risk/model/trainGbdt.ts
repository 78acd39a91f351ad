import { ValidationError } from '../../errors/BaseError.js';
import { computeBinEdges } from './computeBinEdges.js';
import { createBinnedMatrix } from './createBinnedMatrix.js';
import { createLocalHistogramSource } from './createLocalHistogramSource.js';
import { createPrng } from './createPrng.js';
import type { FeatureMatrix } from './FeatureEncoding.js';
import type { GbdtModel } from './GbdtModel.js';
import { type GbdtParams, resolveGbdtParams } from './gbdtParams.js';
import { growTree } from './growTree.js';
import { createHistogramLayout } from './HistogramLayout.js';
import { addTree } from './predictMargins.js';
import type { Tree } from './Tree.js';

export type LabeledInputs = { inputs: FeatureMatrix; labels: Uint8Array };

export type TrainGbdtParameters = {
  train: LabeledInputs;
  /** Scored after every round; required for early stopping. */
  validation?: LabeledInputs | undefined;
  params?: Partial<GbdtParams> | undefined;
  /** Bin edges to use instead of computing them from the training rows (e.g. edges a federation agreed on). */
  binEdges?: readonly ArrayLike<number>[] | undefined;
};

export type GbdtTrainingResult = {
  model: GbdtModel;
  params: GbdtParams;
  /** Rounds grown before stopping. */
  roundsTrained: number;
  /** The round (0-based) with the lowest validation log loss; the model keeps trees 0…bestIteration. */
  bestIteration: number;
  /** Weighted validation log loss after each round; empty without a validation set. */
  validationLoss: number[];
};

/**
 * Trains a gradient-boosted tree ensemble for binary classification with logistic loss (histogram method, XGBoost's
 * objective and split gain). Deterministic for a seed: row and column sampling draw from the model's own PRNG.
 * @example const { model } = trainGbdt({ train: { inputs, labels }, params: { trees: 200, seed: 7 } })
 */
export function trainGbdt(parameters: TrainGbdtParameters): GbdtTrainingResult {
  const params = resolveGbdtParams(parameters.params);
  const { inputs, labels } = parameters.train;
  const rowCount = inputs.rowCount;
  const featureCount = inputs.columns.length;
  if (labels.length !== rowCount) throw new ValidationError(`got ${labels.length} labels for ${rowCount} rows`);
  if (rowCount === 0) throw new ValidationError('no training rows');
  for (const label of labels)
    if (label !== 0 && label !== 1)
      throw new ValidationError(`labels must be 0 or 1, got ${label}`, { field: 'labels' });
  const validationSet = parameters.validation;
  if (validationSet && validationSet.inputs.columns.length !== featureCount)
    throw new ValidationError(
      `the validation rows have ${validationSet.inputs.columns.length} features, the training rows ${featureCount}`,
    );
  if (params.earlyStoppingRounds > 0 && !parameters.validation)
    throw new ValidationError('early stopping needs a validation set', { field: 'params.earlyStoppingRounds' });

  const binEdges = parameters.binEdges
    ? parameters.binEdges.map((edges) => Float64Array.from(edges))
    : inputs.columns.map((column) => computeBinEdges(column, params.maxBins));
  if (binEdges.length !== featureCount)
    throw new ValidationError(`got bin edges for ${binEdges.length} features, the inputs have ${featureCount}`);
  const matrix = createBinnedMatrix(inputs, binEdges);
  const layout = createHistogramLayout(matrix.binCounts);
  const prng = createPrng(params.seed);

  const baseScore = logit(
    params.baseScore === 'prior' ? weightedPositiveShare(labels, params.scalePosWeight) : params.baseScore,
  );
  const margins = new Float64Array(rowCount).fill(baseScore);
  const gradients = new Float64Array(rowCount);
  const hessians = new Float64Array(rowCount);

  const validation = parameters.validation;
  const validationMargins = validation ? new Float64Array(validation.inputs.rowCount).fill(baseScore) : undefined;
  const validationLoss: number[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestIteration = 0;

  const trees: Tree[] = [];
  const allFeatures = Uint32Array.from({ length: featureCount }, (_, i) => i);
  const sampledFeatureCount = Math.max(1, Math.round(featureCount * params.colsampleByTree));
  const rowBuffer = new Uint32Array(rowCount);
  const histogramPool: Float64Array[] = [];

  const { subsample, scalePosWeight } = params;
  for (let row = 0; row < rowCount; row++) rowBuffer[row] = row;

  for (let round = 0; round < params.trees; round++) {
    for (let row = 0; row < rowCount; row++) {
      const probability = 1 / (1 + Math.exp(-margins[row]!));
      const label = labels[row]!;
      const weight = label === 1 ? scalePosWeight : 1;
      gradients[row] = (probability - label) * weight;
      hessians[row] = Math.max(probability * (1 - probability), 1e-16) * weight;
    }
    let sampled = rowCount;
    if (subsample < 1) {
      sampled = 0;
      for (let row = 0; row < rowCount; row++) if (prng.nextFloat() < subsample) rowBuffer[sampled++] = row;
    }
    const features =
      params.colsampleByTree >= 1 ? allFeatures : sampleFeatures(featureCount, sampledFeatureCount, prng);

    const source = createLocalHistogramSource({
      matrix,
      layout,
      gradients,
      hessians,
      rows: rowBuffer.subarray(0, sampled),
    });
    const tree = growTree(source, params, features, histogramPool);
    for (let node = 0; node < tree.feature.length; node++) {
      const feature = tree.feature[node]!;
      if (feature >= 0) tree.threshold[node] = thresholdOf(binEdges[feature]!, tree.bin[node]!);
    }
    trees.push(tree);

    if (sampled === rowCount) {
      // Every training row sits in exactly one leaf's range of the source's partition.
      for (let node = 0; node < tree.feature.length; node++) {
        if (tree.feature[node] !== -1) continue;
        const value = tree.value[node]!;
        for (const row of source.rowsOf(node)) margins[row]! += value;
      }
    } else addBinnedTree(tree, matrix.bins, rowCount, margins); // the binned tree matches the raw thresholds exactly

    if (validation && validationMargins) {
      addTree(tree, validation.inputs, validationMargins);
      const loss = weightedLogLoss(validationMargins, validation.labels, params.scalePosWeight);
      validationLoss.push(loss);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestIteration = round;
      } else if (params.earlyStoppingRounds > 0 && round - bestIteration >= params.earlyStoppingRounds) break;
    } else bestIteration = round;
  }

  const roundsTrained = trees.length;
  const kept = params.earlyStoppingRounds > 0 ? trees.slice(0, bestIteration + 1) : trees;
  if (params.earlyStoppingRounds === 0) bestIteration = roundsTrained - 1;
  return {
    model: { featureCount, binEdges: binEdges.map((edges) => Array.from(edges)), baseScore, trees: kept },
    params,
    roundsTrained,
    bestIteration,
    validationLoss,
  };
}

/** The raw threshold of split bin `bin`: values `<= edges[bin - 1]` go left; the last bin splits present from missing. */
function thresholdOf(edges: Float64Array, bin: number): number {
  return bin <= edges.length ? edges[bin - 1]! : Number.MAX_VALUE;
}

function addBinnedTree(tree: Tree, bins: Uint8Array, rowCount: number, margins: Float64Array): void {
  const { feature, bin, left, right, defaultLeft, value } = tree;
  for (let row = 0; row < rowCount; row++) {
    let node = 0;
    for (;;) {
      const f = feature[node]!;
      if (f < 0) break;
      const b = bins[f * rowCount + row]!;
      const goLeft = b === 0 ? defaultLeft[node] === 1 : b <= bin[node]!;
      node = goLeft ? left[node]! : right[node]!;
    }
    margins[row]! += value[node]!;
  }
}

/** `count` distinct features drawn uniformly (partial Fisher–Yates), ascending. */
function sampleFeatures(featureCount: number, count: number, prng: ReturnType<typeof createPrng>): Uint32Array {
  const order = Uint32Array.from({ length: featureCount }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + prng.nextInt(featureCount - i);
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order.slice(0, count).sort();
}

function weightedPositiveShare(labels: Uint8Array, scalePosWeight: number): number {
  let positives = 0;
  for (const label of labels) positives += label;
  const share = (positives * scalePosWeight) / (positives * scalePosWeight + (labels.length - positives));
  return Math.min(Math.max(share, 1e-6), 1 - 1e-6);
}

function weightedLogLoss(margins: Float64Array, labels: Uint8Array, scalePosWeight: number): number {
  let loss = 0;
  let weights = 0;
  for (let row = 0; row < margins.length; row++) {
    const margin = margins[row]!;
    const weight = labels[row] === 1 ? scalePosWeight : 1;
    // log(1 + e^-|m|) + max(-m, 0) for y = 1, written stably for both labels.
    const softplus = Math.log1p(Math.exp(-Math.abs(margin)));
    loss += weight * (labels[row] === 1 ? softplus + Math.max(-margin, 0) : softplus + Math.max(margin, 0));
    weights += weight;
  }
  return loss / weights;
}

function logit(probability: number): number {
  return Math.log(probability / (1 - probability));
}
