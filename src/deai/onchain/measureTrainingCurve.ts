import { encodeFeatures } from '../../risk/model/encodeFeatures.js';
import type { FraudModel } from '../../risk/model/FraudModel.js';
import type { FraudDataset } from '../../risk/model/loadFraudDataset.js';
import { f1Score, logLoss, rocAuc } from '../../risk/model/metrics.js';
import { addTree } from '../../risk/model/predictMargins.js';

/** How the model did on a labeled set after each tree. */
export type TrainingCurvePoint = { tree: number; logLoss: number; rocAuc: number; f1: number };

/**
 * The per-tree training curve of a model on a labeled set (the coordinator's validation set): log loss, ROC-AUC and
 * F1 at 0.5 after trees 1, 2, …, computed in one pass by adding one tree at a time.
 * @example const curve = measureTrainingCurve(model, validation)
 */
export function measureTrainingCurve(model: FraudModel, dataset: FraudDataset): TrainingCurvePoint[] {
  const labels = dataset.labels;
  if (!labels) return [];
  const inputs = encodeFeatures(model.encoding, dataset);
  const margins = new Float64Array(inputs.rowCount).fill(model.baseScore);
  const curve: TrainingCurvePoint[] = [];
  for (const [index, tree] of model.trees.entries()) {
    addTree(tree, inputs, margins);
    const probabilities = Array.from(margins, (margin) => 1 / (1 + Math.exp(-margin)));
    curve.push({
      tree: index + 1,
      logLoss: round(logLoss(labels, probabilities)),
      rocAuc: round(rocAuc(labels, probabilities)),
      f1: round(f1Score(labels, probabilities, 0.5)),
    });
  }
  return curve;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
