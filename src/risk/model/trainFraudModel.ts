import { ValidationError } from '../../errors/BaseError.js';
import type { FraudModel } from './FraudModel.js';
import { fitFraudModel } from './fitFraudModel.js';
import type { GbdtParams } from './gbdtParams.js';
import { groupIdenticalRows } from './groupIdenticalRows.js';
import { loadFraudDataset } from './loadFraudDataset.js';
import { stratifiedSplit } from './stratifiedSplit.js';

export type TrainFraudModelParameters = {
  /** A labeled CSV in the eth-fraud layout. */
  csvPath: string;
  /** Seeds the split and (unless `params.seed` is set) the learner. */
  seed: number;
  params?: Partial<GbdtParams> | undefined;
  /** Shares held out for validation (early stopping, metrics) and test (metrics); default 0.1 and 0.2. */
  holdout?: { validation: number; test: number } | undefined;
};

/**
 * Trains the fraud model from a CSV: loads and checks it, splits it stratified by class with identical feature rows
 * kept together, trains, and records the held-out metrics and the data's hash in the model.
 * @example const model = trainFraudModel({ csvPath: 'eth_fraud_public.csv', seed: 1 }); saveModel(model, 'fraud.json')
 */
export function trainFraudModel(parameters: TrainFraudModelParameters): FraudModel {
  const { seed } = parameters;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new ValidationError(`seed must be an integer in [0, 2^32), got ${seed}`, { field: 'seed' });
  const dataset = loadFraudDataset({ csvPath: parameters.csvPath });
  const holdout = parameters.holdout ?? { validation: 0.1, test: 0.2 };
  const split = stratifiedSplit(dataset.labels!, { ...holdout, seed, groups: groupIdenticalRows(dataset) });
  return fitFraudModel({
    dataset,
    split,
    params: { seed, ...parameters.params },
    splitSettings: { ...holdout, seed, groupIdenticalRows: true },
  });
}
