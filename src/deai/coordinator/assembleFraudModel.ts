import { createHash } from 'node:crypto';
import { canonicalJson } from '../../risk/model/canonicalJson.js';
import type { FeatureEncoding } from '../../risk/model/FeatureEncoding.js';
import { type FraudModel, fraudModelFormatVersion } from '../../risk/model/FraudModel.js';
import type { GbdtModel } from '../../risk/model/GbdtModel.js';
import type { GbdtParams } from '../../risk/model/gbdtParams.js';
import type { BinaryMetrics } from '../../risk/model/metrics.js';

/**
 * The federated model as a risk-engine model file (loadable by `tandem risk score`). Its `datasetSha256` is the
 * sha256 of the canonical JSON of the parties' data commitment hashes (sorted), so the file itself names the data
 * it was trained on; everything else about the round goes in the round report, next to the file.
 */
export function assembleFraudModel(parameters: {
  gbdt: GbdtModel;
  encoding: FeatureEncoding;
  params: GbdtParams;
  rows: number;
  positives: number;
  commitmentHashes: readonly string[];
  validationRows: number;
  validationMetrics: BinaryMetrics | null;
}): FraudModel {
  const { gbdt } = parameters;
  const datasetSha256 = createHash('sha256')
    .update(canonicalJson([...parameters.commitmentHashes].sort()), 'utf8')
    .digest('hex');
  return {
    format: 'tandem-fraud-model',
    formatVersion: fraudModelFormatVersion,
    objective: 'binary:logistic',
    featureCount: gbdt.featureCount,
    binEdges: gbdt.binEdges,
    baseScore: gbdt.baseScore,
    trees: gbdt.trees,
    encoding: parameters.encoding,
    params: parameters.params,
    training: {
      datasetSha256,
      rows: parameters.rows,
      positives: parameters.positives,
      validationRows: parameters.validationRows,
      testRows: 0,
      seed: parameters.params.seed,
      roundsTrained: gbdt.trees.length,
      bestIteration: gbdt.trees.length - 1,
      droppedColumns: [],
    },
    metrics: parameters.validationMetrics ? { validation: parameters.validationMetrics } : {},
  };
}
