import { ValidationError } from '../../errors/BaseError.js';
import { encodeFeatures } from './encodeFeatures.js';
import type { FraudModel } from './FraudModel.js';
import type { FraudDataset } from './loadFraudDataset.js';
import { type BinaryMetrics, binaryMetrics } from './metrics.js';
import { predictMargins } from './predictMargins.js';

/**
 * Scores a labeled dataset and measures the model on it (F1, precision and recall at `threshold`, ROC-AUC, average
 * precision, log loss, confusion matrix).
 * @example evaluateModel(model, loadFraudDataset({ csvPath: 'holdout.csv', features: model.encoding.features, requireLabel: true }))
 */
export function evaluateModel(model: FraudModel, dataset: FraudDataset, threshold = 0.5): BinaryMetrics {
  if (!dataset.labels)
    throw new ValidationError(`${dataset.source}: evaluating needs the FLAG column`, { field: 'column FLAG' });
  const margins = predictMargins(model, encodeFeatures(model.encoding, dataset));
  return binaryMetrics(
    dataset.labels,
    margins.map((margin) => 1 / (1 + Math.exp(-margin))),
    threshold,
  );
}
