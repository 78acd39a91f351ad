import { cpus, loadavg } from 'node:os';
import { encodeFeatures } from '../../risk/model/encodeFeatures.js';
import type { FeatureMatrix } from '../../risk/model/FeatureEncoding.js';
import { fitFeatureEncoding } from '../../risk/model/fitFeatureEncoding.js';
import type { GbdtModel } from '../../risk/model/GbdtModel.js';
import type { GbdtParams } from '../../risk/model/gbdtParams.js';
import { groupIdenticalRows } from '../../risk/model/groupIdenticalRows.js';
import type { FraudDataset } from '../../risk/model/loadFraudDataset.js';
import { averagePrecision, f1Score, rocAuc } from '../../risk/model/metrics.js';
import { predictMargins } from '../../risk/model/predictMargins.js';
import { stratifiedSplit } from '../../risk/model/stratifiedSplit.js';
import { trainGbdt } from '../../risk/model/trainGbdt.js';
import type { RoundReport } from '../coordinator/RoundReport.js';
import { type PartySpec, partitionSkewed } from './partitionSkewed.js';
import { runInProcessRound } from './runInProcessRound.js';
import { sliceDataset } from './sliceDataset.js';
import { trainCentralized } from './trainCentralized.js';

export type Scores = { f1: number; rocAuc: number; averagePrecision: number };

export type QualityExperiment = {
  parties: { rows: number; fraudRate: number }[];
  testRows: number;
  centralized: Scores & { msPerTree: number; cpuMsPerTree: number };
  federated: Scores & {
    msPerTree: number;
    cpuMsPerTree: number;
    bytesPerTreePerNode: number;
    /** Whether the federated trees equal centralized training on the union with the federation's edges (fixed point). */
    identicalToCentralized: boolean;
    report: RoundReport;
  };
  /** The federation's bin edges and encoding on the union, trained centrally (isolates the cost of the sketch). */
  centralizedWithFederatedEdges: Scores;
  privacy: { epsilon: number; spentEpsilon: number; federated: Scores; nonPrivate: Scores }[];
  loadAtStart: number;
};

/**
 * Federated against centralized training of the same learner on a skewed split of the eth-fraud data: the parties
 * get the training rows (sizes and fraud rates differ a lot), the coordinator a validation part, and both models are
 * scored on the same held-out test rows. Runs in one process (coordinator and parties take turns on one core).
 */
export async function runQualityExperiment(parameters: {
  dataset: FraudDataset;
  parties: readonly PartySpec[];
  params: Partial<GbdtParams>;
  seed: number;
  contribution: boolean;
  privacy?: { epsilons: readonly number[]; params: Partial<GbdtParams> } | undefined;
}): Promise<QualityExperiment> {
  const { dataset, seed } = parameters;
  const loadAtStart = loadavg()[0]! / Math.max(1, cpus().length);
  const labels = dataset.labels!;
  const split = stratifiedSplit(labels, { validation: 0.1, test: 0.2, seed, groups: groupIdenticalRows(dataset) });
  const parts = partitionSkewed(labels, split.train, parameters.parties, seed);
  const partyData = parts.map((rows, i) => sliceDataset(dataset, rows, `party-${i}`));
  const union = sliceDataset(dataset, split.train, 'union');
  const validation = sliceDataset(dataset, split.validation, 'validation');
  const test = sliceDataset(dataset, split.test, 'test');
  const testLabels = test.labels!;
  const score = (model: GbdtModel, inputs: FeatureMatrix): Scores => {
    const p = predictMargins(model, inputs).map((m) => 1 / (1 + Math.exp(-m)));
    return {
      f1: f1Score(testLabels, p),
      rocAuc: rocAuc(testLabels, p),
      averagePrecision: averagePrecision(testLabels, p),
    };
  };
  const timed = <T>(work: () => T): { value: T; ms: number; cpuMs: number } => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const value = work();
    const used = process.cpuUsage(cpu);
    return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };

  // Centralized: the risk engine's trainGbdt on the union, its own encoding and quantile edges.
  const unionEncoding = fitFeatureEncoding(
    union,
    Uint32Array.from({ length: union.rowCount }, (_, i) => i),
  );
  const central = timed(
    () =>
      trainGbdt({
        train: { inputs: encodeFeatures(unionEncoding, union), labels: union.labels! },
        params: parameters.params,
      }).model,
  );
  const trees = central.value.trees.length;

  const federatedRound = async (
    params: Partial<GbdtParams>,
    privacy: { epsilon: number } | null,
    contribution: boolean,
  ) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { report } = await runInProcessRound({
      parties: partyData.map((party) => ({ dataset: party })),
      validation,
      settings: {
        params,
        contribution: { enabled: contribution } as never,
        privacy: privacy ? { epsilon: privacy.epsilon, delta: 1e-5, gradientClip: 1, hessianClip: 0.25 } : null,
        stepTimeoutMs: 120_000,
      },
    });
    const used = process.cpuUsage(cpu);
    if (report.status !== 'completed' || !report.model) throw new Error(`federated round failed: ${report.reason}`);
    return { report, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };

  const federated = await federatedRound(parameters.params, null, parameters.contribution);
  const model = federated.report.model!;
  const federatedInputs = encodeFeatures(model.encoding, test);
  const sameEdges = trainCentralized({
    train: { inputs: encodeFeatures(model.encoding, union), labels: union.labels! },
    params: parameters.params,
    binEdges: model.binEdges,
    fixedPoint: true,
  });
  const trainingShare = federated.report.timings.trainingMs / Math.max(1, federated.report.timings.totalMs);

  const privacy: QualityExperiment['privacy'] = [];
  if (parameters.privacy) {
    const nonPrivateRound = await federatedRound(parameters.privacy.params, null, false);
    const nonPrivate = score(
      nonPrivateRound.report.model!,
      encodeFeatures(nonPrivateRound.report.model!.encoding, test),
    );
    for (const epsilon of parameters.privacy.epsilons) {
      const round = await federatedRound(parameters.privacy.params, { epsilon }, false);
      privacy.push({
        epsilon,
        spentEpsilon: round.report.privacy!.epsilon,
        federated: score(round.report.model!, encodeFeatures(round.report.model!.encoding, test)),
        nonPrivate,
      });
    }
  }

  return {
    parties: partyData.map((party) => ({
      rows: party.rowCount,
      fraudRate: party.labels!.reduce((sum, label) => sum + label, 0) / party.rowCount,
    })),
    testRows: test.rowCount,
    centralized: {
      ...score(central.value, encodeFeatures(unionEncoding, test)),
      msPerTree: central.ms / trees,
      cpuMsPerTree: central.cpuMs / trees,
    },
    federated: {
      ...score(model, federatedInputs),
      msPerTree: federated.report.timings.msPerTree,
      cpuMsPerTree: (federated.cpuMs * trainingShare) / model.trees.length,
      bytesPerTreePerNode: federated.report.traffic.bytesPerTreePerNode,
      identicalToCentralized:
        JSON.stringify(sameEdges.trees) === JSON.stringify(model.trees) && sameEdges.baseScore === model.baseScore,
      report: federated.report,
    },
    centralizedWithFederatedEdges: score(sameEdges, federatedInputs),
    privacy,
    loadAtStart,
  };
}
