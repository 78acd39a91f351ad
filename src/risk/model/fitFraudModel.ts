import { ValidationError } from '../../errors/BaseError.js';
import { encodeFeatures } from './encodeFeatures.js';
import type { FraudModel, FraudModelTraining } from './FraudModel.js';
import { fraudModelFormatVersion } from './FraudModel.js';
import { fitFeatureEncoding } from './fitFeatureEncoding.js';
import type { GbdtParams } from './gbdtParams.js';
import type { FraudDataset } from './loadFraudDataset.js';
import { type BinaryMetrics, binaryMetrics } from './metrics.js';
import { predictMargins } from './predictMargins.js';
import type { DatasetSplit } from './stratifiedSplit.js';
import { trainGbdt } from './trainGbdt.js';

export type FitFraudModelParameters = {
  dataset: FraudDataset;
  /** Which rows train; validation rows (if any) drive early stopping; both held-out parts get metrics. */
  split: DatasetSplit;
  params?: Partial<GbdtParams> | undefined;
  /** Recorded in the model's training metadata. */
  splitSettings?: FraudModelTraining['split'];
};

/**
 * Trains the fraud model on a labeled dataset and split: fits the categorical encoding on the training rows only,
 * trains the boosted trees, and measures the validation and test rows.
 * @example const model = fitFraudModel({ dataset, split: stratifiedSplit(dataset.labels!, { validation: 0.1, test: 0.2, seed: 1 }) })
 */
export function fitFraudModel(parameters: FitFraudModelParameters): FraudModel {
  const { dataset, split } = parameters;
  const labels = dataset.labels;
  if (!labels) throw new ValidationError(`${dataset.source}: training needs the FLAG column`, { field: 'column FLAG' });
  const encoding = fitFeatureEncoding(dataset, split.train);
  const labeled = (rows: Uint32Array) => ({
    inputs: encodeFeatures(encoding, dataset, rows),
    labels: Uint8Array.from(rows, (row) => labels[row]!),
  });
  const train = labeled(split.train);
  const validation = split.validation.length > 0 ? labeled(split.validation) : undefined;
  const test = split.test.length > 0 ? labeled(split.test) : undefined;
  const trained = trainGbdt({ train, validation, params: parameters.params });

  const measure = (part: typeof test): BinaryMetrics | undefined => {
    if (!part) return undefined;
    const probabilities = predictMargins(trained.model, part.inputs).map(sigmoid);
    const metrics = binaryMetrics(part.labels, probabilities);
    // With one class only, AUC and AP are undefined; such a part measures nothing worth storing.
    return Number.isFinite(metrics.rocAuc) ? metrics : undefined;
  };
  const validationMetrics = measure(validation);
  const testMetrics = measure(test);

  let positives = 0;
  for (const label of train.labels) positives += label;
  const training: FraudModelTraining = {
    datasetSha256: dataset.sha256,
    rows: split.train.length,
    positives,
    validationRows: split.validation.length,
    testRows: split.test.length,
    seed: trained.params.seed,
    roundsTrained: trained.roundsTrained,
    bestIteration: trained.bestIteration,
    droppedColumns: dataset.droppedColumns,
  };
  if (parameters.splitSettings) training.split = parameters.splitSettings;
  return {
    format: 'tandem-fraud-model',
    formatVersion: fraudModelFormatVersion,
    objective: 'binary:logistic',
    ...trained.model,
    encoding,
    params: trained.params,
    training,
    metrics: {
      ...(validationMetrics ? { validation: validationMetrics } : {}),
      ...(testMetrics ? { test: testMetrics } : {}),
    },
  };
}

function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}
