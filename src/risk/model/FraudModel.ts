import type { FeatureEncoding } from './FeatureEncoding.js';
import type { GbdtModel } from './GbdtModel.js';
import type { GbdtParams } from './gbdtParams.js';
import type { BinaryMetrics } from './metrics.js';

/** The current model file format; loadModel refuses others. */
export const fraudModelFormatVersion = 1;

/**
 * The fraud model as saved and loaded: the tree ensemble plus everything needed to score raw rows the way training
 * did (feature names, categorical encoding, bin edges) and to say where it came from. Identified by hashModel.
 */
export type FraudModel = GbdtModel & {
  format: 'tandem-fraud-model';
  formatVersion: typeof fraudModelFormatVersion;
  objective: 'binary:logistic';
  encoding: FeatureEncoding;
  params: GbdtParams;
  training: FraudModelTraining;
  /** Figures on rows held out from training, when there were any. */
  metrics: { validation?: BinaryMetrics; test?: BinaryMetrics };
};

export type FraudModelTraining = {
  /** sha256 of the training CSV's bytes, when trained from a file. */
  datasetSha256?: string;
  rows: number;
  positives: number;
  validationRows: number;
  testRows: number;
  seed: number;
  roundsTrained: number;
  bestIteration: number;
  /** How the held-out rows were chosen. */
  split?: { validation: number; test: number; seed: number; groupIdenticalRows: boolean };
  /** Columns of the source file that are not features, and why. */
  droppedColumns: { name: string; reason: string }[];
};
